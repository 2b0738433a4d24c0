import type { INamespace } from "kubernetes-models/v1/Namespace";
import { commonLabels } from "../labels.js";
import type { Settings } from "../settings.js";

/** The namespace, with Pod Security Admission `restricted` enforced: the pods must meet it anyway. */
export function buildNamespace(s: Settings) {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: s.namespace,
      labels: {
        ...commonLabels(s),
        "pod-security.kubernetes.io/enforce": "restricted",
        "pod-security.kubernetes.io/enforce-version": "latest",
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    },
  } satisfies INamespace;
}
