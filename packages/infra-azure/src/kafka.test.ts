import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { promiseOf, RecordingMocks, typesAndNames } from "@event-ingestor/platform/testing";
import type { ManagedKafka, ManagedMetrics } from "@event-ingestor/platform";
import type { AzurePlatform } from "./index.js";
import { AZURE_FAKE, azureProviderFakes } from "./testing.js";

const { subscriptionId } = AZURE_FAKE;
const fakes = azureProviderFakes();
const mocks = new RecordingMocks(fakes.resources, fakes.invokes);

const NAMESPACE = "azure-native:eventhub:Namespace";
const HUB = "azure-native:eventhub:EventHub";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const ADMIN_GROUP = "00000000-0000-0000-0000-0000000000a1";
const sender = `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/2b629674-e913-4c01-ae53-ef4638d8f975`;
const topicsServiceAccountName = "event-ingestor-topics";

let platform: AzurePlatform;
let plain: AzurePlatform;
let kafka: ManagedKafka;
let metrics: ManagedMetrics;

beforeAll(async () => {
  // The registry's token exchange calls ACR; these tests do not look at it.
  vi.stubGlobal("fetch", async () => {
    await Promise.resolve();
    return Response.json({ refresh_token: "acr-refresh-token" });
  });
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "azure", false);
  const { createPlatform, parseAzureConfig } = await import("./index.js");
  platform = createPlatform(
    { name: "event-ingestor", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseAzureConfig({ adminGroupObjectIds: [ADMIN_GROUP], managedPrometheus: true }),
  );
  kafka = platform.createManagedKafka({
    topics: [
      { name: "events", partitions: 4 },
      { name: "events.dlq", partitions: 1 },
    ],
    topicsServiceAccountName,
  });
  metrics = platform.createManagedMetrics({
    podLabels: { app: "event-ingestor" },
    port: 8080,
    path: "/metrics",
  });
  plain = createPlatform(
    { name: "plain", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseAzureConfig({
      adminGroupObjectIds: [ADMIN_GROUP],
      eventHubsSku: "Premium",
      eventHubsCapacity: 2,
      eventHubsRetentionDays: 30,
    }),
  );
  await Promise.all([
    promiseOf(pulumi.output(kafka.bootstrapServers)),
    promiseOf(metrics.queryEndpoint),
    ...[...kafka.dependsOn, ...metrics.dependsOn].map((r) => promiseOf(r.urn)),
    ...[platform, plain].map((p) => promiseOf(p.outputs.kubeconfig)),
  ]);
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe("Event Hubs namespace", () => {
  it("is Standard with one throughput unit by default, Kafka on, local auth off, TLS 1.2 on a public endpoint", () => {
    expect(mocks.named(NAMESPACE, "event-ingestor-kafka").inputs).toEqual({
      resourceGroupName: "event-ingestor-rg",
      location: "westeurope",
      sku: { name: "Standard", tier: "Standard", capacity: 1 },
      kafkaEnabled: true,
      disableLocalAuth: true,
      minimumTlsVersion: "1.2",
      publicNetworkAccess: "Enabled",
    });
  });
});

describe("event hubs (the topics)", () => {
  it("are one per requested topic with its partitions and the configured retention", () => {
    const hubs = mocks
      .ofType(HUB)
      .filter((h) => h.name.startsWith("event-ingestor-"))
      .map((h) => h.inputs);
    expect(hubs).toEqual([
      {
        resourceGroupName: "event-ingestor-rg",
        namespaceName: "event-ingestor-kafka",
        eventHubName: "events",
        partitionCount: 4,
        messageRetentionInDays: 1,
      },
      {
        resourceGroupName: "event-ingestor-rg",
        namespaceName: "event-ingestor-kafka",
        eventHubName: "events.dlq",
        partitionCount: 1,
        messageRetentionInDays: 1,
      },
    ]);
  });

  it("refuse a topic whose partitions the tier cannot hold, or whose name is not an event hub name", async () => {
    const { EventHubsRequestError } = await import("./index.js");
    const ask = (): ManagedKafka =>
      plain.createManagedKafka({
        topics: [
          { name: "events", partitions: 101 },
          { name: "bad name", partitions: 1 },
        ],
        topicsServiceAccountName,
      });
    expect(ask).toThrow(EventHubsRequestError);
    expect(ask).toThrow(
      'managed Kafka on Event Hubs:\n  - topic events: 101 partitions, but an event hub in a Premium namespace has 1 to 100\n  - topic "bad name" is not an event hub name (letters, digits, ".", "_", "-"; starting and ending with a letter or digit)',
    );
    expect(mocks.ofType(NAMESPACE).map((n) => n.name)).toEqual(["event-ingestor-kafka"]);
  });
});

describe("the app's Kafka identity", () => {
  it("is the workload's managed identity, granted Azure Event Hubs Data Sender on each event hub only", () => {
    const grants = mocks
      .ofType(ROLE_ASSIGNMENT)
      .filter((r) => r.inputs["roleDefinitionId"] === sender)
      .map((r) => ({ name: r.name, inputs: r.inputs }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(grants).toEqual([
      {
        name: "event-ingestor-hub-events-sender",
        inputs: {
          principalId: "event-ingestor-workload-principal",
          principalType: "ServicePrincipal",
          roleDefinitionId: sender,
          scope: "event-ingestor-hub-events-id",
        },
      },
      {
        name: "event-ingestor-hub-events.dlq-sender",
        inputs: {
          principalId: "event-ingestor-workload-principal",
          principalType: "ServicePrincipal",
          roleDefinitionId: sender,
          scope: "event-ingestor-hub-events.dlq-id",
        },
      },
    ]);
  });
});

describe("what the ingestor gets", () => {
  it("connects with oauthbearer-azure over TLS to <namespace>.servicebus.windows.net:9093", async () => {
    expect(kafka.saslMechanism).toBe("oauthbearer-azure");
    // The Kafka endpoint, and Entra ID where workload identity gets the token.
    expect(kafka.ports).toEqual([9093, 443]);
    expect(await promiseOf(pulumi.output(kafka.bootstrapServers))).toBe(
      "event-ingestor-kafka.servicebus.windows.net:9093",
    );
    expect(kafka.topicsJob).toBeUndefined();
  });

  it("keeps produce requests and metadata age under Event Hubs' 1,046,528-byte and 240 s limits", () => {
    expect(kafka.env).toMatchObject({
      KAFKA_SSL: "true",
      KAFKA_BATCH_MAX_BYTES: "921600",
      KAFKA_METADATA_MAX_AGE_MS: "60000",
    });
    expect(Number(kafka.env.KAFKA_BATCH_MAX_BYTES)).toBeLessThan(1_046_528);
    expect(Number(kafka.env.KAFKA_METADATA_MAX_AGE_MS)).toBeLessThan(240_000);
  });

  it("does not hold Event Hubs to a Kafka replication floor it has no setting for", () => {
    expect(kafka.env.KAFKA_MIN_ISR_REQUIRED).toBe("1");
    expect(Object.keys(kafka.env).sort()).toEqual([
      "KAFKA_BATCH_MAX_BYTES",
      "KAFKA_METADATA_MAX_AGE_MS",
      "KAFKA_MIN_ISR_REQUIRED",
      "KAFKA_REQUEST_TIMEOUT_MS",
      "KAFKA_SSL",
    ]);
  });

  it("gives produce requests the 10 s Microsoft calls safe on Event Hubs", () => {
    expect(kafka.env.KAFKA_REQUEST_TIMEOUT_MS).toBe("10000");
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
    expect(Object.keys(kafka.env).filter((k) => /SASL_(USERNAME|PASSWORD)/.test(k))).toEqual([]);
    expect(await pulumi.isSecret(pulumi.output(kafka.bootstrapServers))).toBe(false);
  });

  it("makes the Deployment wait for the namespace, both event hubs and both grants", async () => {
    expect(await typesAndNames(kafka.dependsOn)).toEqual([
      "azure-native:eventhub:Namespace::event-ingestor-kafka",
      "azure-native:eventhub:EventHub::event-ingestor-hub-events",
      "azure-native:eventhub:EventHub::event-ingestor-hub-events.dlq",
      "azure-native:authorization:RoleAssignment::event-ingestor-hub-events-sender",
      "azure-native:authorization:RoleAssignment::event-ingestor-hub-events.dlq-sender",
    ]);
  });
});

describe("Azure Monitor managed Prometheus", () => {
  it("turns the AKS metrics add-on on only when managedPrometheus is set", () => {
    const profile = (name: string): unknown =>
      mocks.named("azure-native:containerservice:ManagedCluster", name).inputs["azureMonitorProfile"];
    expect(profile("event-ingestor")).toEqual({ metrics: { enabled: true } });
    expect(profile("plain")).toEqual({ metrics: { enabled: false } });
  });

  it("forwards the add-on's Prometheus stream into a workspace through a rule associated with the cluster", () => {
    const rule = mocks.named("azure-native:monitor:DataCollectionRule", "event-ingestor-prometheus").inputs;
    expect(rule).toEqual({
      resourceGroupName: "event-ingestor-rg",
      location: "westeurope",
      kind: "Linux",
      dataCollectionEndpointId: "event-ingestor-prometheus-id",
      dataSources: {
        prometheusForwarder: [
          { name: "PrometheusDataSource", streams: ["Microsoft-PrometheusMetrics"], labelIncludeFilter: {} },
        ],
      },
      destinations: {
        monitoringAccounts: [
          { name: "MonitoringAccount1", accountResourceId: "event-ingestor-prometheus-id" },
        ],
      },
      dataFlows: [{ streams: ["Microsoft-PrometheusMetrics"], destinations: ["MonitoringAccount1"] }],
    });
    expect(
      mocks.named("azure-native:monitor:DataCollectionEndpoint", "event-ingestor-prometheus").inputs["kind"],
    ).toBe("Linux");
    expect(
      mocks.named("azure-native:monitor:DataCollectionRuleAssociation", "event-ingestor-prometheus").inputs,
    ).toEqual({
      associationName: "ContainerInsightsMetricsExtension",
      resourceUri: "event-ingestor-id",
      dataCollectionRuleId: "event-ingestor-prometheus-id",
    });
  });

  it("has the app render an azure-monitor scrape after the cluster and the association", async () => {
    expect(metrics.scrape).toBe("azure-monitor");
    expect(await typesAndNames(metrics.dependsOn)).toEqual([
      "azure-native:containerservice:ManagedCluster::event-ingestor",
      "azure-native:monitor:DataCollectionRuleAssociation::event-ingestor-prometheus",
    ]);
    expect(await promiseOf(metrics.queryEndpoint)).toBe(
      "https://event-ingestor-prometheus.westeurope.prometheus.monitor.azure.com",
    );
  });

  it("is refused, with the key to set, on a cluster created without the add-on", async () => {
    const { AzureConfigError } = await import("./index.js");
    expect(() => plain.createManagedMetrics({ podLabels: {}, port: 8080, path: "/metrics" })).toThrow(
      AzureConfigError,
    );
    expect(mocks.ofType("azure-native:monitor:AzureMonitorWorkspace").map((w) => w.name)).toEqual([
      "event-ingestor-prometheus",
    ]);
  });
});
