import { renderPlaceholders } from "@event-ingestor/infra-aws/render";
import { buildObjects, DEFAULTS } from "@event-ingestor/k8s-app";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { KafkaRequest, MetricsRequest } from "./platform.js";
import { renderSpec } from "./render-spec.js";
import { createCloudServices } from "./services.js";
import { parseStackSettings } from "./settings.js";

describe("createCloudServices", () => {
  it("asks the cloud to scrape the pods the Deployment selects and to grant the account the topics Job runs as", () => {
    const kafka: KafkaRequest[] = [];
    const metrics: MetricsRequest[] = [];
    const app = { metrics: "managed" };
    createCloudServices(
      {
        createManagedKafka: (request) => {
          kafka.push(request);
          return { ...renderPlaceholders.kafka, dependsOn: [] };
        },
        createManagedMetrics: (request) => {
          metrics.push(request);
          return { scrape: undefined, dependsOn: [], queryEndpoint: pulumi.output("") };
        },
      },
      parseStackSettings({ stack: "aws", cloud: undefined, imageTag: undefined, app, kafka: undefined }),
      { port: DEFAULTS.port },
    );
    const objects = buildObjects(
      renderSpec("aws", "config:\n  event-ingestor:app:\n    metrics: managed\n").spec,
    ) as { kind?: string; spec?: unknown }[];
    const deployment = objects.find((o) => o.kind === "Deployment");
    const job = objects.find((o) => o.kind === "Job");

    expect(kafka).toEqual([
      {
        topics: [
          { name: "events", partitions: 6 },
          { name: "events.dlq", partitions: 6 },
        ],
        topicsServiceAccountName: "event-ingestor-topics",
      },
    ]);
    expect(job).toHaveProperty(["spec", "template", "spec", "serviceAccountName"], "event-ingestor-topics");
    expect(metrics).toEqual([
      {
        podLabels: {
          "app.kubernetes.io/name": "event-ingestor",
          "app.kubernetes.io/instance": "event-ingestor",
        },
        port: DEFAULTS.port,
        path: "/metrics",
      },
    ]);
    expect(deployment).toHaveProperty(["spec", "selector", "matchLabels"], metrics[0]?.podLabels);
  });
});
