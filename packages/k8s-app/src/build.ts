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
import { buildConfigMap } from "./builders/configMap.js";
import { buildDeployment } from "./builders/deployment.js";
import { buildHpa } from "./builders/hpa.js";
import { buildIngress } from "./builders/ingress.js";
import { buildNamespace } from "./builders/namespace.js";
import { buildNetworkPolicy } from "./builders/networkPolicy.js";
import { buildPdb } from "./builders/pdb.js";
import { buildSecret, type SecretObject } from "./builders/secret.js";
import { buildService } from "./builders/service.js";
import { buildServiceAccount } from "./builders/serviceAccount.js";
import { buildServiceMonitor } from "./builders/serviceMonitor.js";
import { IngestorArgsError } from "./errors.js";
import { checksum } from "./labels.js";
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
  | IServiceMonitor;

const isDefined = <T>(v: T | undefined): v is T => v !== undefined;

/**
 * Every Kubernetes object the component creates for these arguments, in apply order (namespace first,
 * the objects that reference others after them). Pure: no Pulumi engine, no cluster.
 *
 * @throws IngestorArgsError listing every problem with the arguments.
 */
export function buildObjects(spec: IngestorAppSpec): KubeObject[] {
  const resolved = resolveSpec(spec);
  if (!resolved.ok) throw new IngestorArgsError(resolved.issues);
  const s = resolved.value;
  const secrets = spec.secretConfig ?? {};
  const hasSecret = s.secretKeys.length > 0;
  return [
    s.createNamespace ? buildNamespace(s) : undefined,
    buildServiceAccount(s),
    buildConfigMap(s),
    hasSecret ? buildSecret(s, secrets) : undefined,
    buildService(s),
    buildDeployment(s, { image: spec.image, secretChecksum: hasSecret ? checksum(secrets) : undefined }),
    buildHpa(s),
    buildPdb(s),
    buildNetworkPolicy(s),
    buildIngress(s),
    buildServiceMonitor(s),
  ].filter(isDefined);
}
