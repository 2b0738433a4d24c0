// The azure stack with the defaults of a new stack: Event Hubs as managed Kafka, and managed Prometheus.
import { afterAll, vi } from "vitest";
import { renderPlaceholders } from "@event-ingestor/infra-azure/render";
import { azureProviderFakes } from "@event-ingestor/infra-azure/testing";
import { describeManagedProgram } from "../test/managed-suite.ts";
import { ProgramMocks } from "../test/program.ts";

// The ACR refresh-token exchange is an HTTPS call; answer it here instead of the registry.
vi.stubGlobal("fetch", async (): Promise<Response> => {
  await Promise.resolve();
  return Response.json({ refresh_token: "acr-refresh-token" });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const fakes = azureProviderFakes();
// The cloud's Kafka resources register slowly: whatever does not wait for them registers first.
const mocks = new ProgramMocks(fakes.resources, fakes.invokes, {
  "azure-native:eventhub:Namespace": 300,
  "azure-native:eventhub:EventHub": 300,
  "azure-native:authorization:RoleAssignment": 300,
});

describeManagedProgram(mocks, {
  cloud: "azure",
  config: {
    "azure-native:location": "westeurope",
    azure: { adminGroupObjectIds: ["00000000-0000-0000-0000-0000000000a1"], managedPrometheus: true },
  },
  brokers: () => {
    // The namespace's name: given as namespaceName, or Pulumi's name for the resource.
    const namespace = mocks.one("azure-native:eventhub:Namespace");
    const given = namespace.inputs["namespaceName"];
    return `${typeof given === "string" ? given : namespace.name}.servicebus.windows.net:9093`;
  },
  mechanism: "oauthbearer-azure",
  // Event Hubs' limits (batch bytes, metadata age, request timeout) and its replication floor, as the package
  // wires them (infra-azure/src/wiring.ts); they win over the stack's defaults.
  env: renderPlaceholders.kafka.env,
  // 443: Entra ID, where workload identity exchanges the pods' tokens.
  ports: [9093, 443],
  kafkaResources: () => [
    mocks.one("azure-native:eventhub:Namespace"),
    ...mocks.all("azure-native:eventhub:EventHub"),
    ...mocks.all("azure-native:authorization:RoleAssignment").filter((r) => r.name.includes("kafka")),
  ],
  metricsResources: ["azure-native:monitor:AzureMonitorWorkspace"],
  scrapeType: "kubernetes:azmonitoring.coreos.com/v1:PodMonitor",
});
