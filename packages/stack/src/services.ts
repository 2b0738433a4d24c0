// The cloud services a stack's settings ask for beyond the cluster: managed Kafka (`kafka.mode: managed`) and
// managed Prometheus (`app.metrics: managed`). External Kafka and no metrics ask nothing of the cloud.
import { names, selectorLabels } from "@event-ingestor/k8s-app";
import type * as pulumi from "@pulumi/pulumi";
import type { CloudServices } from "./app-args.js";
import { APP_NAME } from "./app-args.js";
import type { CloudPlatform, KafkaRequest } from "./platform.js";
import type { StackSettings } from "./settings.js";

/** What the app's component gets from the cloud's services, and what it waits for. */
export interface CreatedServices extends CloudServices<pulumi.Input<string>> {
  /** Kafka, topics and grants (and the metrics' prerequisites) the Deployment must wait for. */
  readonly waitFor: readonly pulumi.Resource[];
  readonly metricsQueryEndpoint: pulumi.Output<string> | undefined;
}

const APP = { appName: APP_NAME };
/** The labels of the app's pods that managed Prometheus selects on: those the Deployment selects its pods by. */
const APP_POD_LABELS = selectorLabels(APP);
/** The topics Job's ServiceAccount, which the cloud grants topic creation to. */
const TOPICS_SERVICE_ACCOUNT = names(APP).topicsServiceAccount;

/** HTTP path of the ingestor's Prometheus text. */
const METRICS_PATH = "/metrics";

/** The topics managed Kafka creates: the main topic and the dead-letter topic, same partition count. */
export function kafkaRequest(kafka: Extract<StackSettings["kafka"], { mode: "managed" }>): KafkaRequest {
  return {
    topics: [
      { name: kafka.topic, partitions: kafka.partitions },
      { name: kafka.dlqTopic, partitions: kafka.partitions },
    ],
    topicsServiceAccountName: TOPICS_SERVICE_ACCOUNT,
  };
}

/** Creates the services the settings ask for on the cloud's platform. */
export function createCloudServices(
  platform: Pick<CloudPlatform, "createManagedKafka" | "createManagedMetrics">,
  settings: StackSettings,
  app: { readonly port: number },
): CreatedServices {
  const kafka =
    settings.kafka.mode === "managed" ? platform.createManagedKafka(kafkaRequest(settings.kafka)) : undefined;
  const metrics =
    settings.app.metrics === "managed"
      ? platform.createManagedMetrics({ podLabels: APP_POD_LABELS, port: app.port, path: METRICS_PATH })
      : undefined;
  return {
    kafka,
    metricsScrape: metrics?.scrape,
    waitFor: [...(kafka?.dependsOn ?? []), ...(metrics?.dependsOn ?? [])],
    metricsQueryEndpoint: metrics?.queryEndpoint,
  };
}
