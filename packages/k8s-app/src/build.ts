import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IJob } from "kubernetes-models/batch/v1/Job";
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
import type { PrerequisiteObject } from "./builders/prerequisites.js";
import type { AzurePodMonitorObject, PodMonitoringObject } from "./builders/scrape.js";
import type { SecretObject } from "./builders/secret.js";
import { IngestorArgsError } from "./errors.js";
import { isPlannedKind } from "./kinds.js";
import { checksum } from "./labels.js";
import { planObjects } from "./plan.js";
import { resolveSpec } from "./validate/index.js";

/** Any object the component creates, as a plain Kubernetes object. */
export type KubeObject =
  | INamespace
  | IServiceAccount
  | IConfigMap
  | SecretObject<string>
  | IService
  | IDeployment
  | IJob
  | IHorizontalPodAutoscaler
  | IPodDisruptionBudget
  | INetworkPolicy
  | IIngress
  | IServiceMonitor
  | PodMonitoringObject
  | AzurePodMonitorObject
  | BackendConfigObject;

/** What `render` prints: the planned kinds, and the caller's Ingress prerequisites (any other kind). */
export type RenderedObject = KubeObject | PrerequisiteObject;

/** Whether a rendered object is one of the component's own kinds (else a caller's prerequisite). */
export const isKubeObject = (o: RenderedObject): o is KubeObject => isPlannedKind(o.kind);

/** One object with the suffix of its Pulumi resource name (`<component name>-<id>`). */
export interface PlannedObject {
  readonly id: string;
  readonly object: RenderedObject;
}

/**
 * Every Kubernetes object the component creates for these arguments, with its resource-name suffix, in
 * apply order (namespace first, the objects that reference others after them). Pure: no Pulumi engine.
 *
 * @throws IngestorArgsError listing every problem with the arguments.
 */
export function planOf(spec: IngestorAppSpec): PlannedObject[] {
  const resolved = resolveSpec(spec);
  if (!resolved.ok) throw new IngestorArgsError(resolved.issues);
  const config = spec.config ?? {};
  const secretValues = spec.secretConfig ?? {};
  // Typed as PlannedObject[]: with plain values every planned object must be a model of the pinned schema.
  const planned: PlannedObject[] = planObjects(resolved.value, {
    image: spec.image,
    config,
    configChecksum: checksum(config),
    secretValues,
    secretChecksum: checksum(secretValues),
    serviceAccountAnnotations: spec.serviceAccountAnnotations ?? {},
    ingressAnnotations: spec.ingress?.annotations ?? {},
    topicsServiceAccountAnnotations: spec.topicsJob?.serviceAccountAnnotations ?? {},
  });
  return planned.map(({ id, object }) => ({ id, object }));
}

/**
 * Every Kubernetes object the component creates for these arguments, in apply order: what `render` prints.
 *
 * @throws IngestorArgsError listing every problem with the arguments.
 */
export const buildObjects = (spec: IngestorAppSpec): RenderedObject[] => planOf(spec).map((p) => p.object);
