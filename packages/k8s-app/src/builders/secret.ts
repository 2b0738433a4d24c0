import type { ISecret } from "kubernetes-models/v1/Secret";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** A Secret whose values are `V`: plain strings for render, Pulumi inputs in the component. */
export type SecretObject<V> = Omit<ISecret, "stringData"> & { stringData: Record<string, V> };

/** The ingestor's secrets, mounted as files (`<KEY>_FILE`). `stringData` lets the API server encode them. */
export function buildSecret<V>(s: Settings, values: Readonly<Record<string, V>>): SecretObject<V> {
  const stringData: Record<string, V> = {};
  for (const key of s.secretKeys) {
    const value = values[key];
    if (value !== undefined) stringData[key] = value;
  }
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: objectMeta(s, names(s).secret),
    type: "Opaque",
    stringData,
  };
}
