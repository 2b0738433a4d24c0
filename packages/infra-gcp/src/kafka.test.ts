import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { promiseOf, RecordingMocks, typesAndNames } from "@event-ingestor/platform/testing";
import type { ManagedKafka, ManagedMetrics } from "@event-ingestor/platform";
import { GCP_FAKE, gcpProviderFakes } from "./testing.js";

const { project } = GCP_FAKE;
const fakes = gcpProviderFakes();
const mocks = new RecordingMocks(fakes.resources, fakes.invokes);

const KAFKA_CLUSTER = "gcp:managedkafka/cluster:Cluster";
const TOPIC = "gcp:managedkafka/topic:Topic";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const SERVICE = "gcp:projects/service:Service";
const workloadEmail = `event-ingestor-app@${project}.iam.gserviceaccount.com`;

let kafka: ManagedKafka;
let bigger: ManagedKafka;
let metrics: ManagedMetrics;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  const { createPlatform, parseGcpConfig } = await import("./index.js");
  const platform = createPlatform(
    { name: "event-ingestor", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseGcpConfig({}, { project, region: "europe-west1" }),
  );
  kafka = platform.createManagedKafka({
    topics: [
      { name: "events", partitions: 6 },
      { name: "events.dlq", partitions: 1 },
    ],
    topicsServiceAccountName: "event-ingestor-topics",
  });
  metrics = platform.createManagedMetrics({
    podLabels: { app: "event-ingestor" },
    port: 8080,
    path: "/metrics",
  });
  const other = createPlatform(
    { name: "other", namespace: "apps", serviceAccountName: "other" },
    parseGcpConfig(
      { enableApis: false, kafkaVcpuCount: 6, kafkaMemoryGib: 24 },
      { project, region: "europe-west1" },
    ),
  );
  bigger = other.createManagedKafka({
    topics: [{ name: "clicks", partitions: 12 }],
    topicsServiceAccountName: "other-topics",
  });
  await Promise.all([
    ...[kafka, bigger].flatMap((k) => [
      promiseOf(pulumi.output(k.bootstrapServers)),
      ...k.dependsOn.map((r) => promiseOf(r.urn)),
    ]),
    promiseOf(metrics.queryEndpoint),
  ]);
});

describe("Managed Kafka cluster", () => {
  it("is the smallest sane size by default (3 vCPUs, 6 GiB) in the cluster's region, sized from config", () => {
    expect(mocks.named(KAFKA_CLUSTER, "event-ingestor-kafka").inputs).toMatchObject({
      project,
      location: "europe-west1",
      clusterId: "event-ingestor-kafka",
      capacityConfig: { vcpuCount: "3", memoryBytes: "6442450944" },
    });
    expect(mocks.named(KAFKA_CLUSTER, "other-kafka").inputs["capacityConfig"]).toEqual({
      vcpuCount: "6",
      memoryBytes: String(24 * 1024 ** 3),
    });
  });

  it("is reachable from the GKE nodes' subnetwork, and from no other", () => {
    expect(mocks.named(KAFKA_CLUSTER, "event-ingestor-kafka").inputs["gcpConfig"]).toEqual({
      accessConfig: {
        networkConfigs: [
          { subnet: `projects/${project}/regions/europe-west1/subnetworks/event-ingestor-nodes` },
        ],
      },
    });
  });

  it("is created through the managedkafka API, enabled only when enableApis is on", () => {
    const kafkaApis = mocks
      .ofType(SERVICE)
      .filter((s) => s.inputs["service"] === "managedkafka.googleapis.com");
    expect(kafkaApis.map((s) => s.name)).toEqual(["event-ingestor-managedkafka"]);
    expect(kafkaApis[0]?.inputs).toMatchObject({ project, disableOnDestroy: false });
  });
});

describe("Managed Kafka topics", () => {
  it("are the requested topics with their partitions, three replicas and min.insync.replicas 2", () => {
    const topics = mocks
      .ofType(TOPIC)
      .filter((t) => t.name.startsWith("event-ingestor-"))
      .map((t) => t.inputs);
    expect(topics).toEqual([
      {
        project,
        location: "europe-west1",
        cluster: "event-ingestor-kafka",
        topicId: "events",
        partitionCount: 6,
        replicationFactor: 3,
        configs: { "min.insync.replicas": "2" },
      },
      {
        project,
        location: "europe-west1",
        cluster: "event-ingestor-kafka",
        topicId: "events.dlq",
        partitionCount: 1,
        replicationFactor: 3,
        configs: { "min.insync.replicas": "2" },
      },
    ]);
    expect(mocks.named(TOPIC, "other-topic-clicks").inputs).toMatchObject({
      cluster: "other-kafka",
      partitionCount: 12,
    });
  });
});

describe("the app's Kafka identity", () => {
  it("is the workload's Google service account, granted exactly the Managed Kafka client role on the project", () => {
    const grants = mocks
      .ofType(PROJECT_IAM)
      .filter((g) => String(g.inputs["role"]).startsWith("roles/managedkafka."));
    const byName = grants.map((g) => ({ name: g.name, inputs: g.inputs }));
    expect(byName.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      {
        name: "event-ingestor-kafka-client",
        inputs: { project, role: "roles/managedkafka.client", member: `serviceAccount:${workloadEmail}` },
      },
      {
        name: "other-kafka-client",
        inputs: {
          project,
          role: "roles/managedkafka.client",
          member: `serviceAccount:other-app@${project}.iam.gserviceaccount.com`,
        },
      },
    ]);
  });
});

describe("what the ingestor gets", () => {
  it("connects with oauthbearer-gcp over TLS to the bootstrap address built from cluster, region and project", async () => {
    expect(kafka.saslMechanism).toBe("oauthbearer-gcp");
    expect(await promiseOf(pulumi.output(kafka.bootstrapServers))).toBe(
      `bootstrap.event-ingestor-kafka.europe-west1.managedkafka.${project}.cloud.goog:9092`,
    );
    expect(kafka.env).toEqual({ KAFKA_SSL: "true" });
    // The brokers, and the GKE metadata server the access token comes from (988 on Dataplane V2).
    expect(kafka.ports).toEqual([9092, 80, 988]);
    expect(kafka.topicsJob).toBeUndefined();
  });

  it("is what render shows, apart from the placeholder address", async () => {
    const { renderPlaceholders } = await import("./render.js");
    const shown = renderPlaceholders.kafka;
    expect({ saslMechanism: kafka.saslMechanism, ports: kafka.ports, env: kafka.env }).toEqual({
      saslMechanism: shown.saslMechanism,
      ports: shown.ports,
      env: shown.env,
    });
    expect(metrics.scrape).toBe(renderPlaceholders.metricsScrape);
  });

  it("holds no Kafka secret: no username or password, nothing marked secret", async () => {
    const env = Object.keys(kafka.env);
    expect(env.filter((k) => /SASL_(USERNAME|PASSWORD)/.test(k))).toEqual([]);
    expect(await pulumi.isSecret(pulumi.output(kafka.bootstrapServers))).toBe(false);
  });

  it("makes the Deployment wait for the cluster, both topics and the client grant", async () => {
    expect(await typesAndNames(kafka.dependsOn)).toEqual([
      "gcp:managedkafka/cluster:Cluster::event-ingestor-kafka",
      "gcp:managedkafka/topic:Topic::event-ingestor-topic-events",
      "gcp:managedkafka/topic:Topic::event-ingestor-topic-events.dlq",
      "gcp:projects/iAMMember:IAMMember::event-ingestor-kafka-client",
    ]);
  });
});

describe("Managed Service for Prometheus", () => {
  it("runs managed collection on the cluster and has the app render a PodMonitoring", async () => {
    expect(mocks.named("gcp:container/cluster:Cluster", "event-ingestor").inputs["monitoringConfig"]).toEqual(
      {
        managedPrometheus: { enabled: true },
      },
    );
    expect(metrics.scrape).toBe("gke-podmonitoring");
    expect(await typesAndNames(metrics.dependsOn)).toEqual(["gcp:container/cluster:Cluster::event-ingestor"]);
    expect(await promiseOf(metrics.queryEndpoint)).toBe(
      `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`,
    );
  });
});
