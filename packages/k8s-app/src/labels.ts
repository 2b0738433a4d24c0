import { createHash } from "node:crypto";
import type { Settings } from "./settings.js";

/** The metadata the builders set (a subset of ObjectMeta, assignable to every model's when `V` is string). */
export interface ObjectMeta<V = string> {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations?: Record<string, V>;
}

/** The labels the Deployment selects on; immutable once created, so nothing else goes in. */
export function selectorLabels(s: Pick<Settings, "appName">): Record<string, string> {
  return { "app.kubernetes.io/name": "event-ingestor", "app.kubernetes.io/instance": s.appName };
}

/** Recommended `app.kubernetes.io/*` labels plus the caller's extra labels. */
export function commonLabels(s: Pick<Settings, "appName" | "labels">): Record<string, string> {
  return {
    ...s.labels,
    ...selectorLabels(s),
    "app.kubernetes.io/component": "ingestor",
    "app.kubernetes.io/part-of": "event-ingestor",
    "app.kubernetes.io/managed-by": "pulumi",
  };
}

/** Metadata of a namespaced object. */
export function objectMeta<V = string>(
  s: Pick<Settings, "appName" | "labels" | "namespace">,
  name: string,
  annotations?: Readonly<Record<string, V>>,
): ObjectMeta<V> {
  const meta: ObjectMeta<V> = { name, namespace: s.namespace, labels: commonLabels(s) };
  if (annotations !== undefined && Object.keys(annotations).length > 0) meta.annotations = { ...annotations };
  return meta;
}

/** SHA-256 of a string map, independent of key order: changes exactly when a key or value does. */
export function checksum(data: Readonly<Record<string, string>>): string {
  const canonical = JSON.stringify(
    Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  );
  return createHash("sha256").update(canonical).digest("hex");
}
