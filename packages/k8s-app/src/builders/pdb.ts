import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { objectMeta, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** PodDisruptionBudget (policy/v1). */
export function buildPdb(s: Settings) {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: objectMeta(s, names(s).pdb),
    spec: {
      selector: { matchLabels: selectorLabels(s) },
      ...s.pdb,
      // A pod that is not ready serves nothing; letting it be evicted keeps node drains moving.
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  } satisfies IPodDisruptionBudget;
}
