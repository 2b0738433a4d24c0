import type { INamespace } from "kubernetes-models/v1/Namespace";
import { commonLabels } from "../labels.js";
import type { Settings } from "../settings.js";

/**
 * The namespace, with Pod Security Admission `restricted` enforced (the pods must meet it anyway), and the
 * caller's namespace-only labels (e.g. the ALB controller's readiness gate switch).
 */
export function buildNamespace(s: Settings) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: s.namespace,
      labels: {
        ...commonLabels(s),
        ...s.namespaceLabels,
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    },
  } satisfies INamespace;
}
