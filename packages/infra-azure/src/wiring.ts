// What the Azure platform hands the app, as plain data (no SDK): the platform builds its outputs from these, and
// `pnpm render` shows the same values with placeholders through `@event-ingestor/infra-azure/render`.
import type { ManagedKafkaMechanism, MetricsScrape } from "@event-ingestor/platform";

/** ServiceAccount annotation naming the managed identity whose tokens the pods get. */
export const azureClientIdAnnotation = "azure.workload.identity/client-id";
/** Pod label that makes the workload identity webhook inject the federated token. */
export const azureUseLabel = "azure.workload.identity/use";

/** Port of the Event Hubs Kafka endpoint (TLS). */
export const eventHubsKafkaPort = 9093;

/** The Kafka bootstrap address of a namespace. */
export function eventHubsBootstrap(namespaceName: string): string {
  return `${namespaceName}.servicebus.windows.net:${eventHubsKafkaPort}`;
}

/**
 * Limits of the Event Hubs Kafka endpoint the ingestor must stay under (Microsoft's "Recommended configurations
 * for Apache Kafka clients"): it closes a connection whose produce request reaches `maxRequestBytes`, and
 * closes connections idle for `idleCloseMs`.
 */
export const eventHubsLimits = { maxRequestBytes: 1_046_528, idleCloseMs: 240_000 } as const;

/**
 * Settings for Microsoft's "Recommended configurations for Apache Kafka clients", which keep the ingestor under
 * {@link eventHubsLimits}: batches of at most 900 KiB leave 124,928 bytes
 * of the request limit for the request's framing and record headers; a metadata refresh every 60 s keeps the
 * connection busy well inside the idle close, even with one refresh lost. (The ingestor has no separate
 * connection-idle setting; the metadata refresh is what keeps an idle producer's connection alive.)
 */
export const eventHubsKafkaEnv = {
  KAFKA_BATCH_MAX_BYTES: 921_600,
  KAFKA_METADATA_MAX_AGE_MS: 60_000,
  // Event Hubs holds a produce request for at least 20 s internally; Microsoft calls producer request timeouts
  // safe from 10,000 ms, above the ingestor's default of 5,000 (still within its delivery timeout, 10,000).
  KAFKA_REQUEST_TIMEOUT_MS: 10_000,
} as const;

/** HTTPS port of Entra ID (login.microsoftonline.com), where workload identity exchanges the pod's token. */
export const entraIdPort = 443;

/** How the ingestor connects to Event Hubs, apart from the address: an Entra ID token over TLS. */
export const eventHubsConnection = {
  saslMechanism: "oauthbearer-azure",
  // Every port the pods open for Kafka (the NetworkPolicy's egress): the endpoint's and Entra ID's.
  ports: [eventHubsKafkaPort, entraIdPort],
  env: {
    // The ingestor turns TLS on for cloud mechanisms when KAFKA_SSL is unset; stated so the Deployment says it.
    KAFKA_SSL: "true",
    KAFKA_BATCH_MAX_BYTES: String(eventHubsKafkaEnv.KAFKA_BATCH_MAX_BYTES),
    KAFKA_METADATA_MAX_AGE_MS: String(eventHubsKafkaEnv.KAFKA_METADATA_MAX_AGE_MS),
    KAFKA_REQUEST_TIMEOUT_MS: String(eventHubsKafkaEnv.KAFKA_REQUEST_TIMEOUT_MS),
    // The readiness check compares the topics' Kafka replication factor and min.insync.replicas with this.
    // Event Hubs has neither to configure: it stores every event redundantly itself before acknowledging it and
    // its Kafka metadata describes a single broker, so a Kafka-level floor of 2 could only keep the pods unready.
    KAFKA_MIN_ISR_REQUIRED: "1",
  },
} as const satisfies {
  saslMechanism: ManagedKafkaMechanism;
  ports: readonly number[];
  env: Readonly<Record<string, string>>;
};

/** The scrape object the app renders for Azure Monitor managed Prometheus (the add-on's PodMonitor). */
export const metricsScrape = "azure-monitor" satisfies MetricsScrape;
