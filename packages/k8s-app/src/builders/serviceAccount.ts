import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** The pods' identity; cloud workload identity binds to it through its annotations. */
export function buildServiceAccount(s: Settings) {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: objectMeta(s, names(s).serviceAccount, s.serviceAccountAnnotations),
    automountServiceAccountToken: s.automountServiceAccountToken,
  } satisfies IServiceAccount;
}
