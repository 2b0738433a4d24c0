import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { objectMeta, type ObjectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** A ConfigMap whose values are `V`: plain strings for render, Pulumi inputs in the component. */
export interface ConfigMapObject<V = string> {
  readonly apiVersion: "v1";
  readonly kind: "ConfigMap";
  readonly metadata: ObjectMeta;
  readonly data: Record<string, V>;
}

/** The ingestor's plain settings, read as environment variables (`envFrom`). Never secrets. */
export function buildConfigMap<V>(s: Settings, values: Readonly<Record<string, V>>): ConfigMapObject<V> {
  const data: Record<string, V> = {};
  for (const key of s.configKeys) {
    const value = values[key];
    if (value !== undefined) data[key] = value;
  }
  return { apiVersion: "v1", kind: "ConfigMap", metadata: objectMeta(s, names(s).configMap), data };
}

/**
 * The JSON Schemas the component mounts at SCHEMA_DIR, when given as files (not an existing ConfigMap). The
 * ingestor reads them at start: the Deployment's `checksum/schemas` rolls the pods when they change.
 */
export function buildSchemasConfigMap(s: Settings) {
  const files = s.schemas?.files;
  if (files === undefined) return undefined;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: objectMeta(s, names(s).schemas),
    data: Object.fromEntries(
      Object.keys(files)
        .sort()
        .map((k) => [k, files[k] ?? ""]),
    ),
  } satisfies IConfigMap;
}
