// Public face of @event-ingestor/k8s-app: the component, its arguments, and the pure builders behind it.
export {
  DEFAULTS,
  INGRESS_FLAVOURS,
  SECRET_KEYS,
  type AutoscalingArgs,
  type IngestorAppArgs,
  type IngestorAppCommonArgs,
  type IngestorAppSpec,
  type IngressArgs,
  type IngressFlavour,
  type LabelSelector,
  type NetworkPolicyArgs,
  type NetworkPolicyPeer,
  type PdbArgs,
  type ResourceQuantities,
  type ResourcesArgs,
  type ServiceMonitorArgs,
  type ShutdownArgs,
} from "./args.js";
export { buildObjects, type KubeObject } from "./build.js";
export type { BackendConfigObject } from "./builders/backendConfig.js";
export { INGESTOR_APP_TYPE, IngestorApp, type IngestorAppOptions } from "./component.js";
export { IngestorArgsError, formatIssues, type ArgsErrorCode, type ArgsIssue } from "./errors.js";
export { checkImage, parseImage, type ImageRef } from "./image.js";
export { toYaml } from "./yaml.js";
