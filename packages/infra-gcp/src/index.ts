// Public face of @event-ingestor/infra-gcp: the entry program calls `createPlatform(request, loadGcpConfig())`.
export { createPlatform } from "./platform.js";
export { bootstrapAddress, gcpServiceAccountAnnotation } from "./wiring.js";
export {
  GcpConfigError,
  gcpConfigDefaults,
  loadGcpConfig,
  parseGcpConfig,
  type GcpConfig,
  type GcpProviderConfig,
  type ReleaseChannel,
} from "./config.js";
export type { GcpPlatform, PlatformRequest, RegistryAccess } from "./types.js";
export { kafkaClientRole, kafkaClusterId } from "./kafka.js";
export { gceIngress, gceIngressPrerequisites, gceTlsNames } from "./ingress.js";
