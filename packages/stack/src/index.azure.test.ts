import { afterAll, describe, expect, it, vi } from "vitest";
import { describeProgram } from "../test/program-suite.ts";
import { ProgramMocks, type Props } from "../test/program.ts";

const loads = vi.hoisted(() => ({ aws: 0, gcp: 0 }));
vi.mock("@event-ingestor/infra-aws", () => {
  loads.aws++;
  return {};
});
vi.mock("@event-ingestor/infra-gcp", () => {
  loads.gcp++;
  return {};
});

const tenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
// An Entra user token (header.claims.signature) that the ACR token exchange accepts.
const entraToken = ["e30", Buffer.from(JSON.stringify({ idtyp: "user" })).toString("base64url"), "sig"].join(
  ".",
);
const aksKubeconfig = [
  "apiVersion: v1",
  "kind: Config",
  "clusters:",
  "- name: aks",
  "  cluster:",
  "    server: https://aks.hcp.westeurope.azmk8s.io:443",
  "    certificate-authority-data: Q0E=",
  "users: []",
  "",
].join("\n");

// The ACR refresh-token exchange is an HTTPS call; answer it here instead of the registry.
vi.stubGlobal("fetch", async (): Promise<Response> => {
  await Promise.resolve();
  return Response.json({ refresh_token: "acr-refresh-token" });
});
afterAll(() => {
  vi.unstubAllGlobals();
});

const mocks = new ProgramMocks(
  {
    "azure-native:containerservice:ManagedCluster": ({ name }) => ({
      identity: { type: "SystemAssigned", principalId: `${name}-principal`, tenantId },
      identityProfile: { kubeletidentity: { objectId: "kubelet-object", clientId: "kubelet-client" } },
      oidcIssuerProfile: {
        enabled: true,
        issuerURL: `https://westeurope.oic.prod-aks.azure.com/${tenantId}/x/`,
      },
    }),
    "azure-native:containerregistry:Registry": ({ inputs }) => ({
      loginServer: `${String((inputs as Props)["registryName"])}.azurecr.io`,
    }),
    "azure-native:managedidentity:UserAssignedIdentity": ({ name }) => ({
      clientId: `${name}-client-id`,
      principalId: `${name}-principal`,
    }),
  },
  {
    "azure-native:authorization:getClientConfig": (): Props => ({
      clientId: "deployer-client",
      objectId: "deployer-object",
      subscriptionId: "11111111-2222-3333-4444-555555555555",
      tenantId,
    }),
    "azure-native:authorization:getClientToken": (): Props => ({ token: entraToken }),
    "azure-native:containerservice:listManagedClusterUserCredentials": (): Props => ({
      kubeconfigs: [{ name: "clusterUser", value: Buffer.from(aksKubeconfig).toString("base64") }],
    }),
  },
);

const registryHost = (): string => {
  const registry = mocks.one("azure-native:containerregistry:Registry").inputs;
  return `${String(registry["registryName"])}.azurecr.io`;
};

describeProgram(mocks, {
  cloud: "azure",
  config: { "azure-native:location": "westeurope" },
  registry: {
    get repositoryUrl() {
      return `${registryHost()}/event-ingestor`;
    },
    get server() {
      return registryHost();
    },
    username: "00000000-0000-0000-0000-000000000000",
    password: "acr-refresh-token",
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
