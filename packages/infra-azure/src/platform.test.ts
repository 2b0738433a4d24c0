import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { promiseOf, RecordingMocks, type Props } from "@event-ingestor/platform/testing";
import type { AzurePlatform } from "./index.js";
import { AZURE_FAKE, azureProviderFakes } from "./testing.js";

const { subscriptionId, tenantId, entraToken, issuerUrl, kubeconfig: aksKubeconfig } = AZURE_FAKE;
const fakes = azureProviderFakes();
const mocks = new RecordingMocks(fakes.resources, fakes.invokes);

interface Exchange {
  readonly url: string;
  readonly body: URLSearchParams;
}
const exchanges: Exchange[] = [];
const fakeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  await Promise.resolve();
  const url = input instanceof Request ? input.url : input.toString();
  exchanges.push({ url, body: init?.body instanceof URLSearchParams ? init.body : new URLSearchParams() });
  return Response.json({ refresh_token: "acr-refresh-token" });
};

const CLUSTER = "azure-native:containerservice:ManagedCluster";
const ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const REGISTRY = "azure-native:containerregistry:Registry";

let platform: AzurePlatform;
let local: AzurePlatform;
let granting: AzurePlatform;
const ADMIN_GROUP = "00000000-0000-0000-0000-0000000000a1";
const PREVIEW_PRINCIPAL = "00000000-0000-0000-0000-0000000000b2";

beforeAll(async () => {
  vi.stubGlobal("fetch", fakeFetch);
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "azure", false);
  const { createPlatform, parseAzureConfig } = await import("./index.js");
  platform = createPlatform(
    { name: "event-ingestor", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseAzureConfig({ adminGroupObjectIds: [ADMIN_GROUP] }),
  );
  granting = createPlatform(
    { name: "granting", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseAzureConfig({
      grantDeployerAccess: true,
      kubernetesVersion: "1.34",
      previewPrincipalIds: [PREVIEW_PRINCIPAL],
    }),
  );
  local = createPlatform(
    { name: "other", namespace: "apps", serviceAccountName: "other-sa" },
    parseAzureConfig({
      entraId: false,
      grantDeployerAccess: false,
      acrSku: "Premium",
      location: "northeurope",
      apiAuthorizedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
    }),
  );
  // Every resource has registered once the outputs that depend on all of them have resolved.
  await Promise.all(
    [platform, local, granting].flatMap((p) => [
      promiseOf(p.outputs.kubeconfig),
      promiseOf(p.outputs.credentialsCommand),
      promiseOf(p.registry.password),
      ...p.dependsOn.map((r) => promiseOf(r.urn)),
    ]),
  );
});

afterAll(() => {
  vi.unstubAllGlobals();
});

function roleAssignment(name: string): Props {
  return mocks.named(ROLE_ASSIGNMENT, name).inputs;
}

function role(guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

describe("with an external Kafka (createManagedKafka not called)", () => {
  it("creates no Event Hubs namespace, event hub or sender grant", () => {
    expect(mocks.resources.filter((r) => r.type.startsWith("azure-native:eventhub:"))).toEqual([]);
    expect(
      mocks
        .ofType(ROLE_ASSIGNMENT)
        .filter((r) =>
          String(r.inputs["roleDefinitionId"]).endsWith("/2b629674-e913-4c01-ae53-ef4638d8f975"),
        ),
    ).toEqual([]);
  });
});
describe("AKS nodes", () => {
  it("are private: no public node IPs, in the node subnet, egress through the cluster load balancer", () => {
    const cluster = mocks.named(CLUSTER, "event-ingestor").inputs;
    expect(cluster["agentPoolProfiles"]).toEqual([
      expect.objectContaining({
        name: "system",
        mode: "System",
        enableNodePublicIP: false,
        vnetSubnetID: "event-ingestor-nodes-id",
        availabilityZones: ["1", "2", "3"],
        enableAutoScaling: true,
        minCount: 2,
        maxCount: 4,
      }),
    ]);
    expect(cluster["networkProfile"]).toMatchObject({
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      outboundType: "loadBalancer",
      podCidr: "10.244.0.0/16",
    });
  });

  it("sit in a subnet of the VNet without default outbound access", () => {
    expect(mocks.named("azure-native:network:VirtualNetwork", "event-ingestor-vnet").inputs).toMatchObject({
      addressSpace: { addressPrefixes: ["10.30.0.0/16"] },
    });
    expect(mocks.named("azure-native:network:Subnet", "event-ingestor-nodes").inputs).toMatchObject({
      virtualNetworkName: "event-ingestor-vnet",
      addressPrefix: "10.30.0.0/22",
      defaultOutboundAccess: false,
    });
  });

  it("let the cluster identity manage its subnet (Network Contributor on the subnet only)", () => {
    expect(roleAssignment("event-ingestor-subnet-network-contributor")).toEqual({
      principalId: "event-ingestor-cluster-principal",
      principalType: "ServicePrincipal",
      roleDefinitionId: role("4d97b98b-1d4f-4787-a291-c67834d212e7"),
      scope: "event-ingestor-nodes-id",
    });
  });
});

describe("AKS cluster", () => {
  it("has a system-assigned identity, the OIDC issuer, workload identity and app routing", () => {
    expect(mocks.named(CLUSTER, "event-ingestor").inputs).toMatchObject({
      identity: { type: "SystemAssigned" },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      ingressProfile: { webAppRouting: { enabled: true } },
      enableRBAC: true,
    });
    // No minor pinned by default (AKS's default at creation), and no Key Vault add-on without TLS.
    expect(mocks.named(CLUSTER, "event-ingestor").inputs).not.toHaveProperty("kubernetesVersion");
    expect(mocks.named(CLUSTER, "event-ingestor").inputs).not.toHaveProperty("addonProfiles");
    expect(mocks.named(CLUSTER, "granting").inputs["kubernetesVersion"]).toBe("1.34");
  });

  it("lets only the authorized IP ranges reach the API server (none configured: any address)", () => {
    // AKS reads an empty authorizedIPRanges as "no restriction"; the default stack is open, as documented.
    expect(mocks.named(CLUSTER, "event-ingestor").inputs["apiServerAccessProfile"]).toEqual({
      authorizedIPRanges: [],
    });
    expect(mocks.named(CLUSTER, "other").inputs["apiServerAccessProfile"]).toEqual({
      authorizedIPRanges: ["203.0.113.0/24", "198.51.100.7/32"],
    });
  });

  it("uses Entra ID with Azure RBAC and no local accounts by default; admins come from the group given at creation", () => {
    expect(mocks.named(CLUSTER, "event-ingestor").inputs).toMatchObject({
      disableLocalAccounts: true,
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        tenantID: tenantId,
        adminGroupObjectIDs: [ADMIN_GROUP],
      },
    });
    // No role assignment for whoever runs Pulumi: it would propagate after the first object is applied (403).
    const names = mocks.ofType(ROLE_ASSIGNMENT).map((r) => r.name);
    expect(names.filter((n) => n.startsWith("event-ingestor-deployer"))).toEqual([]);
  });

  it("grants the deployer cluster admin and AcrPush only when grantDeployerAccess asks for it", () => {
    expect(roleAssignment("granting-deployer-cluster-admin")).toEqual({
      principalId: "deployer-object",
      principalType: "User",
      roleDefinitionId: role("b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
      scope: "granting-id",
    });
    expect(roleAssignment("granting-deployer-acr-push")).toMatchObject({ principalId: "deployer-object" });
  });

  it("gives preview principals Azure Kubernetes Service RBAC Reader on the cluster, and only when configured", () => {
    expect(roleAssignment("granting-preview-reader-0")).toEqual({
      principalId: PREVIEW_PRINCIPAL,
      principalType: "ServicePrincipal",
      roleDefinitionId: role("7f6c6a51-bcf8-42ba-9220-52d62157d7db"),
      scope: "granting-id",
    });
    const readers = mocks
      .ofType(ROLE_ASSIGNMENT)
      .filter((r) => String(r.inputs["roleDefinitionId"]).endsWith("/7f6c6a51-bcf8-42ba-9220-52d62157d7db"));
    expect(readers.map((r) => r.name)).toEqual(["granting-preview-reader-0"]);
  });

  it("keeps local accounts and grants nothing to the deployer when configured so", () => {
    const other = mocks.named(CLUSTER, "other").inputs;
    expect(other["disableLocalAccounts"]).toBe(false);
    expect(other["aadProfile"]).toBeUndefined();
    expect(other["location"]).toBe("northeurope");
    const names = mocks.ofType(ROLE_ASSIGNMENT).map((r) => r.name);
    expect(names.filter((n) => n.startsWith("other-")).sort()).toEqual([
      "other-kubelet-acr-pull",
      "other-subnet-network-contributor",
    ]);
  });
});

describe("Azure Container Registry", () => {
  it("has the admin user off and accepts Entra (ARM) tokens", () => {
    const registry = mocks.named(REGISTRY, "event-ingestor-registry").inputs;
    expect(registry).toMatchObject({
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      sku: { name: "Basic" },
      policies: { azureADAuthenticationAsArmPolicy: { status: "enabled" } },
    });
    expect(registry["registryName"]).toMatch(/^eventingestor[0-9a-f]{8}$/);
  });

  it("expires untagged manifests when Premium", () => {
    expect(mocks.named(REGISTRY, "other-registry").inputs["policies"]).toEqual({
      azureADAuthenticationAsArmPolicy: { status: "enabled" },
      retentionPolicy: { status: "enabled", days: 7 },
    });
  });

  it("lets the kubelet identity pull (AcrPull on the registry)", async () => {
    const pull = roleAssignment("event-ingestor-kubelet-acr-pull");
    expect(pull).toEqual({
      principalId: "event-ingestor-kubelet-object",
      principalType: "ServicePrincipal",
      roleDefinitionId: role("7f951dda-4ed3-4680-a7ca-43fe172d538d"),
      scope: "event-ingestor-registry-id",
    });
    // The deployer pushes with the Contributor role it deploys with (ACR data-plane push included); AcrPush
    // only on request (grantDeployerAccess).
    expect(() => roleAssignment("event-ingestor-deployer-acr-push")).toThrow();
    expect(roleAssignment("granting-deployer-acr-push")).toMatchObject({
      principalId: "deployer-object",
      principalType: "User",
      roleDefinitionId: role("8311e382-0749-4cb8-b61a-304f252e45ec"),
    });
    expect(await promiseOf(platform.registry.repositoryUrl)).toMatch(
      /^eventingestor[0-9a-f]{8}\.azurecr\.io\/event-ingestor$/,
    );
  });

  it("keeps the build cache in the same registry, in a repository of its own", async () => {
    const server = await promiseOf(platform.registry.server);
    expect(await promiseOf(platform.registry.cacheRef)).toBe(`${server}/event-ingestor-cache:buildcache`);
  });

  it("is pushed to with an ACR refresh token exchanged for the deployer's Entra token, kept secret", async () => {
    const server = await promiseOf(platform.registry.server);
    expect(await promiseOf(platform.registry.username)).toBe("00000000-0000-0000-0000-000000000000");
    expect(await promiseOf(platform.registry.password)).toBe("acr-refresh-token");
    expect(await pulumi.isSecret(platform.registry.password)).toBe(true);
    const exchange = exchanges.find((e) => e.url === `https://${server}/oauth2/exchange`);
    expect(Object.fromEntries(exchange?.body ?? [])).toEqual({
      grant_type: "access_token",
      service: server,
      tenant: tenantId,
      access_token: entraToken,
    });
  });
});

describe("workload identity", () => {
  it("federates the managed identity with exactly the ingestor's ServiceAccount on this cluster's issuer", () => {
    expect(
      mocks.named(
        "azure-native:managedidentity:FederatedIdentityCredential",
        "event-ingestor-workload-federation",
      ).inputs,
    ).toMatchObject({
      resourceName: "event-ingestor-workload",
      issuer: issuerUrl,
      subject: "system:serviceaccount:ingestor:event-ingestor",
      audiences: ["api://AzureADTokenExchange"],
    });
  });

  it("annotates the ServiceAccount with the client id and labels the pods for the webhook", async () => {
    const clientId = platform.serviceAccountAnnotations["azure.workload.identity/client-id"];
    expect(clientId).toBeDefined();
    expect(await promiseOf(pulumi.output(clientId))).toBe("event-ingestor-workload-client-id");
    expect(platform.podLabels).toEqual({ "azure.workload.identity/use": "true" });
  });
});

describe("the returned platform", () => {
  it("asks for app-routing ingress and makes the app wait for the cluster, AcrPull and the federation", async () => {
    expect(platform.ingressFlavour).toBe("azure-approuting");
    const urns = await Promise.all(platform.dependsOn.map((r) => promiseOf(r.urn)));
    const names = urns.map((urn) => urn.split("::").at(-1));
    expect(names).toEqual(
      expect.arrayContaining([
        "event-ingestor",
        "event-ingestor-kubelet-acr-pull",
        "event-ingestor-workload-federation",
      ]),
    );
  });

  it("hands out a secret kubeconfig that logs in through kubelogin with the az CLI session (Entra mode)", async () => {
    expect(await pulumi.isSecret(platform.outputs.kubeconfig)).toBe(true);
    const kubeconfig: unknown = JSON.parse(await promiseOf(platform.outputs.kubeconfig));
    const withAzureCli: unknown = expect.arrayContaining(["--login", "azurecli"]);
    expect(kubeconfig).toMatchObject({
      clusters: [
        {
          cluster: {
            server: "https://aks-dns.hcp.westeurope.azmk8s.io:443",
            "certificate-authority-data": "Q0EtREFUQQ==",
          },
        },
      ],
      users: [{ user: { exec: { command: "kubelogin", args: withAzureCli } } }],
    });
  });

  it("passes AKS's own kubeconfig through when local accounts are kept", async () => {
    expect(await promiseOf(local.outputs.kubeconfig)).toBe(aksKubeconfig);
    expect(await pulumi.isSecret(local.outputs.kubeconfig)).toBe(true);
  });

  it("reports the az command that fetches credentials", async () => {
    const group = mocks.named("azure-native:resources:ResourceGroup", "other-rg").inputs;
    expect(group).toEqual({ location: "northeurope" });
    expect(await promiseOf(local.outputs.credentialsCommand)).toBe(
      "az aks get-credentials --resource-group other-rg --name other --overwrite-existing",
    );
    expect(await promiseOf(platform.outputs.credentialsCommand)).toBe(
      "az aks get-credentials --resource-group event-ingestor-rg --name event-ingestor --overwrite-existing" +
        " && kubelogin convert-kubeconfig --login azurecli",
    );
    expect(await promiseOf(platform.outputs.clusterName)).toBe("event-ingestor");
  });
});
