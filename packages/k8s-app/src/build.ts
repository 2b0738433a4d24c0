import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { IngestorAppSpec } from "./args.js";
import type { BackendConfigObject } from "./builders/backendConfig.js";
import type { SecretObject } from "./builders/secret.js";
import { IngestorArgsError } from "./errors.js";
import { checksum } from "./labels.js";
import { planObjects } from "./plan.js";
import { resolveSpec } from "./validate.js";

/** Any object the component creates, as a plain Kubernetes object. */
export type KubeObject =
  | INamespace
  | IServiceAccount
  | IConfigMap
  | SecretObject<string>
  | IService
  | IDeployment
  | IHorizontalPodAutoscaler
  | IPodDisruptionBudget
  | INetworkPolicy
  | IIngress
  | IServiceMonitor
  | BackendConfigObject;

/**
 * Every Kubernetes object the component creates for these arguments, in apply order (namespace first,
 * the objects that reference others after them). Pure: no Pulumi engine, no cluster.
 *
 * @throws IngestorArgsError listing every problem with the arguments.
 */
export function buildObjects(spec: IngestorAppSpec): KubeObject[] {
  const resolved = resolveSpec(spec);
  if (!resolved.ok) throw new IngestorArgsError(resolved.issues);
  const secretValues = spec.secretConfig ?? {};
  // Typed as KubeObject[]: with plain values every planned object must be a model of the pinned schema.
  const objects: KubeObject[] = planObjects(resolved.value, {
    image: spec.image,
    secretValues,
    secretChecksum: checksum(secretValues),
    serviceAccountAnnotations: spec.serviceAccountAnnotations ?? {},
  });
  return objects;
}
