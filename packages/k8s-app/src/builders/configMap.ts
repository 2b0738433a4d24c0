import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** The ingestor's plain settings, read as environment variables (`envFrom`). Never secrets. */
export function buildConfigMap(s: Settings) {
  const data = Object.fromEntries(
    Object.keys(s.config)
      .sort()
      .map((k) => [k, s.config[k] ?? ""]),
  );
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: objectMeta(s, names(s).configMap),
    data,
  } satisfies IConfigMap;
}
