import { objectMeta, type ObjectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** The ServiceAccount with annotation values of type `V` (outputs in the component: a role ARN, a GSA email). */
export interface ServiceAccountObject<V = string> {
  readonly apiVersion: "v1";
  readonly kind: "ServiceAccount";
  readonly metadata: ObjectMeta<V>;
  readonly automountServiceAccountToken: boolean;
}

/** The pods' identity; cloud workload identity binds to it through its annotations. */
export function buildServiceAccount<V = string>(
  s: Settings,
  annotations: Readonly<Record<string, V>>,
): ServiceAccountObject<V> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: objectMeta(s, names(s).serviceAccount, annotations),
    automountServiceAccountToken: s.automountServiceAccountToken,
  };
}
