import { buildBackendConfig } from "./builders/backendConfig.js";
import { buildConfigMap } from "./builders/configMap.js";
import { buildDeployment } from "./builders/deployment.js";
import { buildHpa } from "./builders/hpa.js";
import { buildIngress } from "./builders/ingress.js";
import { buildNamespace } from "./builders/namespace.js";
import { buildNetworkPolicy } from "./builders/networkPolicy.js";
import { buildPdb } from "./builders/pdb.js";
import { buildSecret } from "./builders/secret.js";
import { buildService } from "./builders/service.js";
import { buildServiceAccount } from "./builders/serviceAccount.js";
import { buildServiceMonitor } from "./builders/serviceMonitor.js";
import type { Settings } from "./settings.js";

/**
 * The values of the plan that may be Pulumi outputs in the component (`V`); `render` passes strings. Nothing
 * else is: every other field is a plain value, known in `pulumi preview` and readable by policies.
 */
export interface PlanValues<V> {
  /** Image reference, by digest. */
  readonly image: V;
  /** Secret values by key (the keys are `Settings.secretKeys`). */
  readonly secretValues: Readonly<Record<string, V>>;
  /** Checksum of the secret values for the pod template; read only when there is a Secret. */
  readonly secretChecksum: V;
  /** Workload identity annotations of the ServiceAccount. */
  readonly serviceAccountAnnotations: Readonly<Record<string, V>>;
}

const isDefined = <T>(v: T | undefined): v is T => v !== undefined;

/**
 * The one list of objects both `render` and the component create, in apply order (namespace first, objects
 * that reference others after them). Pure: no Pulumi engine, no cluster.
 */
export function planObjects<V>(s: Settings, values: PlanValues<V>) {
  const hasSecret = s.secretKeys.length > 0;
  return [
    s.createNamespace ? buildNamespace(s) : undefined,
    buildServiceAccount(s, values.serviceAccountAnnotations),
    buildConfigMap(s),
    hasSecret ? buildSecret(s, values.secretValues) : undefined,
    buildBackendConfig(s),
    buildService(s),
    buildDeployment(s, {
      image: values.image,
      secretChecksum: hasSecret ? values.secretChecksum : undefined,
    }),
    buildHpa(s),
    buildPdb(s),
    buildNetworkPolicy(s),
    buildIngress(s),
    buildServiceMonitor(s),
  ].filter(isDefined);
}

/** One planned object. */
export type PlannedObject<V> = ReturnType<typeof planObjects<V>>[number];

/** Kubernetes kinds of the plan. */
export type PlannedKind = PlannedObject<string>["kind"];

/**
 * Suffix of each object's Pulumi resource name (`<component name>-<suffix>`). Part of the stack state:
 * changing one makes Pulumi replace the object.
 */
export const RESOURCE_SUFFIX: Readonly<Record<PlannedKind, string>> = {
  Namespace: "ns",
  ServiceAccount: "sa",
  ConfigMap: "config",
  Secret: "secrets",
  Service: "service",
  Deployment: "deployment",
  HorizontalPodAutoscaler: "hpa",
  PodDisruptionBudget: "pdb",
  NetworkPolicy: "netpol",
  Ingress: "ingress",
  ServiceMonitor: "servicemonitor",
  BackendConfig: "backendconfig",
};

/** Objects each kind is applied after (beyond the namespace, which comes before everything). */
export const APPLY_AFTER: Readonly<Partial<Record<PlannedKind, readonly PlannedKind[]>>> = {
  Service: ["BackendConfig"],
  Deployment: ["ServiceAccount", "ConfigMap", "Secret"],
  HorizontalPodAutoscaler: ["Deployment"],
  Ingress: ["Service"],
  ServiceMonitor: ["Service"],
};
