// Public face of @event-ingestor/infra-azure: the entry program calls `createPlatform(request, loadAzureConfig())`.
export { createPlatform } from "./platform.js";
export {
  azureClientIdAnnotation,
  azureUseLabel,
  eventHubsBootstrap,
  eventHubsKafkaEnv,
  eventHubsLimits,
} from "./wiring.js";
export {
  AzureConfigError,
  azureConfigDefaults,
  defaultLocation,
  loadAzureConfig,
  parseAzureConfig,
  type AcrSku,
  type AksTier,
  type AksUpgradeChannel,
  type AzureConfig,
  type EventHubsSku,
} from "./config.js";
export { EventHubsRequestError } from "./kafka.js";
export { AcrTokenExchangeError } from "./acr-token.js";
export { AksOutputMissingError } from "./cluster.js";
export { AccessTokenFormatError, type PrincipalType } from "./deployer.js";
export { KubeconfigFormatError } from "./kubeconfig.js";
export type { AzurePlatform, PlatformRequest, RegistryAccess } from "./types.js";
export { appRoutingIngress, appRoutingTlsSecretName, keyVaultCertificateAnnotation } from "./ingress.js";
