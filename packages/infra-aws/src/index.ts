export { awsConfigDefaults, AwsConfigError, loadAwsConfig, parseAwsConfig } from "./config.js";
export type { AwsConfig, NatGatewayLayout } from "./config.js";
export { irsaRoleAnnotation, irsaTrustPolicy } from "./identity.js";
export { lifecyclePolicy } from "./registry.js";
export { AwsPlatform, createPlatform } from "./platform.js";
export type { AwsCloudPlatform, AwsPlatformRequest } from "./platform.js";
export { albIngress, albSslPolicy, readinessGateLabel } from "./ingress.js";
export { managedAddons } from "./cluster.js";
export { MskServerless } from "./msk.js";
export type { MskArgs } from "./msk.js";
export {
  ingestorKafkaPolicy,
  MSK_CLIENT_PORTS,
  MSK_IAM_PORT,
  MSK_MECHANISM,
  mskKafkaEnv,
  mskTopicArn,
  topicsJobKafkaPolicy,
} from "./msk-policy.js";
export { AmpMetrics, scrapeConfiguration } from "./metrics.js";
