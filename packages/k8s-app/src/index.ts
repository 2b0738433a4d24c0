// Public face of @event-ingestor/k8s-app: the component, its arguments, and the pure builders behind it.
export {
  DEFAULTS,
  METRICS_SCRAPE_KINDS,
  SECRET_KEYS,
  type AutoscalingArgs,
  type IngestorAppArgs,
  type IngestorAppArgsOf,
  type IngestorAppCommonArgs,
  type IngestorAppSpec,
  type IngressArgs,
  type IngressFlavour,
  type IngressPrerequisite,
  type LabelSelector,
  type MetricsScrapeArgs,
  type MetricsScrapeKind,
  type NetworkPolicyArgs,
  type NetworkPolicyPeer,
  type PdbArgs,
  type ResourceQuantities,
  type ResourcesArgs,
  type SchemaMode,
  type SchemasArgs,
  type ShutdownArgs,
  type TopicsJobArgs,
} from "./args.js";
export {
  buildObjects,
  isKubeObject,
  planOf,
  type KubeObject,
  type PlannedObject,
  type RenderedObject,
} from "./build.js";
export type { BackendConfigObject } from "./builders/backendConfig.js";
export type { PrerequisiteObject } from "./builders/prerequisites.js";
export type { AzurePodMonitorObject, PodMonitoringObject } from "./builders/scrape.js";
export { CREATE_TOPICS_SCRIPT } from "./builders/topicsJob.js";
export { FLAVOURS, INGRESS_FLAVOURS, type FlavourTraits } from "./flavours.js";
export { INGESTOR_APP_TYPE, IngestorApp, type IngestorAppOptions } from "./component.js";
export { IngestorArgsError, formatIssues, type ArgsErrorCode, type ArgsIssue } from "./errors.js";
export { checkImage, parseImage, type ImageRef } from "./validate/image.js";
export { selectorLabels } from "./labels.js";
export { names } from "./settings.js";
export { toYaml } from "./yaml.js";
