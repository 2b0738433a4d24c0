// What the GCP platform hands the app, as plain data (no SDK): the platform builds its outputs from these, and
// `pnpm render` shows the same values with placeholders through `@event-ingestor/infra-gcp/render`.
import type { ManagedKafkaMechanism, MetricsScrape } from "@event-ingestor/platform";

/** Annotation that makes GKE hand the pods the Google service account's tokens. */
export const gcpServiceAccountAnnotation = "iam.gke.io/gcp-service-account";

/** Port of the SASL listener (TLS) of every Managed Kafka cluster. */
export const managedKafkaPort = 9092;

/** Google's bootstrap address for a cluster; the provider does not output it. */
export function bootstrapAddress(clusterId: string, region: string, project: string): string {
  return `bootstrap.${clusterId}.${region}.managedkafka.${project}.cloud.goog:${managedKafkaPort}`;
}

/**
 * Ports of the GKE metadata server, where the pods get their workload identity's access token: 80 at
 * 169.254.169.254, and 988, where Dataplane V2 clusters serve it (GKE's NetworkPolicy guidance for workload
 * identity).
 */
export const gkeMetadataServerPorts = [80, 988] as const;

/** How the ingestor connects to Managed Kafka, apart from the address: its workload identity's token over TLS. */
export const managedKafkaConnection = {
  saslMechanism: "oauthbearer-gcp",
  // Every port the pods open for Kafka (the NetworkPolicy's egress): the brokers' and the token source's.
  ports: [managedKafkaPort, ...gkeMetadataServerPorts],
  // The ingestor turns TLS on for cloud mechanisms when KAFKA_SSL is unset; stated so the Deployment says it.
  env: { KAFKA_SSL: "true" },
} as const satisfies {
  saslMechanism: ManagedKafkaMechanism;
  ports: readonly number[];
  env: Readonly<Record<string, string>>;
};

/** The scrape object the app renders for Managed Service for Prometheus. */
export const metricsScrape = "gke-podmonitoring" satisfies MetricsScrape;
