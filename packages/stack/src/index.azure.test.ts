import { afterAll, describe, expect, it, vi } from "vitest";
import { describeProgram } from "../test/program-suite.ts";
import { azureProviderFakes } from "@event-ingestor/infra-azure/testing";
import { ProgramMocks } from "../test/program.ts";

const loads = vi.hoisted(() => ({ aws: 0, gcp: 0 }));
vi.mock("@event-ingestor/infra-aws", () => {
  loads.aws++;
  return {};
});
vi.mock("@event-ingestor/infra-gcp", () => {
  loads.gcp++;
  return {};
});

// The ACR refresh-token exchange is an HTTPS call; answer it here instead of the registry.
vi.stubGlobal("fetch", async (): Promise<Response> => {
  await Promise.resolve();
  return Response.json({ refresh_token: "acr-refresh-token" });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const fakes = azureProviderFakes();
const mocks = new ProgramMocks(fakes.resources, fakes.invokes);

const registryHost = (): string => {
  const registry = mocks.one("azure-native:containerregistry:Registry").inputs;
  return `${String(registry["registryName"])}.azurecr.io`;
};

describeProgram(mocks, {
  cloud: "azure",
  config: {
    "azure-native:location": "westeurope",
    azure: { adminGroupObjectIds: ["00000000-0000-0000-0000-0000000000a1"] },
  },
  registry: {
    get repositoryUrl() {
      return `${registryHost()}/event-ingestor`;
    },
    get server() {
      return registryHost();
    },
    username: "00000000-0000-0000-0000-000000000000",
    password: "acr-refresh-token",
    get cacheRef() {
      return `${registryHost()}/event-ingestor-cache:buildcache`;
    },
  },
  ingressClassOrAnnotation: (ingress) => {
    expect(ingress).toMatchObject({ spec: { ingressClassName: "webapprouting.kubernetes.azure.com" } });
  },
  identityAnnotation: ["azure.workload.identity/client-id", "event-ingestor-workload-client-id"],
  podLabels: { "azure.workload.identity/use": "true" },
});

describe("azure stack: cloud selection", () => {
  it("loads the Azure package and neither the AWS nor the GCP one", () => {
    expect(mocks.all("azure-native:containerservice:ManagedCluster")).toHaveLength(1);
    expect(loads).toEqual({ aws: 0, gcp: 0 });
  });
});
