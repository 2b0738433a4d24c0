// The contract lives in @event-ingestor/platform, shared with the cloud packages.
export type {
  CloudIngress,
  CloudIngressFlavour,
  DeployedApp,
  IngressRequest,
  CloudPlatform,
  KafkaRequest,
  ManagedKafka,
  ManagedMetrics,
  MetricsRequest,
  MetricsScrape,
  PlatformRequest,
  RegistryAccess,
} from "@event-ingestor/platform";
