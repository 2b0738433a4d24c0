import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { promiseOf, RecordingMocks } from "@event-ingestor/platform/testing";
import type * as Index from "./index.js";
import type { AzurePlatform } from "./index.js";
import { appRoutingIngress } from "./ingress.js";
import { AZURE_FAKE, azureProviderFakes } from "./testing.js";

const { subscriptionId } = AZURE_FAKE;
const fakes = azureProviderFakes();
const mocks = new RecordingMocks(fakes.resources, fakes.invokes);
const host = "events.acme-corp.net";
const uri = "https://acme-kv.vault.azure.net/certificates/ingestor";
const vault = `/subscriptions/${subscriptionId}/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/acme-kv`;
const zone = `/subscriptions/${subscriptionId}/resourceGroups/dns/providers/Microsoft.Network/dnszones/acme-corp.net`;
const group = "00000000-0000-0000-0000-0000000000a1";
const role = (guid: string): string =>
  `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

let platform: AzurePlatform;
let create: typeof Index;

beforeAll(async () => {
  vi.stubGlobal("fetch", async (): Promise<Response> => {
    await Promise.resolve();
    return Response.json({ refresh_token: "acr-refresh-token" });
  });
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "azure", false);
  create = await import("./index.js");
  platform = create.createPlatform(
    {
      name: "event-ingestor",
      namespace: "ingestor",
      serviceAccountName: "event-ingestor",
      ingress: { name: "event-ingestor", host, tls: true },
    },
    create.parseAzureConfig({
      adminGroupObjectIds: [group],
      tlsCertificateUri: uri,
      keyVaultId: vault,
      dnsZoneId: zone,
    }),
  );
  await Promise.all([
    promiseOf(platform.outputs.credentialsCommand),
    ...platform.dependsOn.map((r) => promiseOf(r.urn)),
  ]);
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe("AKS app routing TLS (mocked)", () => {
  it("serves the Key Vault certificate: annotation by URI, TLS Secret named as app routing syncs it", () => {
    expect(platform.ingress).toMatchObject({
      annotations: { "kubernetes.azure.com/tls-cert-keyvault-uri": uri },
      tls: { secretName: "keyvault-event-ingestor" },
    });
  });

  it("turns on the Key Vault secrets provider and hands app routing the DNS zone", () => {
    expect(
      mocks.named("azure-native:containerservice:ManagedCluster", "event-ingestor").inputs,
    ).toMatchObject({
      addonProfiles: {
        azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } },
      },
      ingressProfile: { webAppRouting: { enabled: true, dnsZoneResourceIds: [zone] } },
    });
  });

  it("lets app routing's identity read the certificate and write the zone, and makes the app wait for both", async () => {
    const grant = (name: string) => mocks.named("azure-native:authorization:RoleAssignment", name).inputs;
    expect(grant("event-ingestor-approuting-keyvault")).toEqual({
      principalId: "event-ingestor-approuting-object",
      principalType: "ServicePrincipal",
      roleDefinitionId: role("4633458b-17de-408a-b874-0445c86b69e6"),
      scope: vault,
    });
    expect(grant("event-ingestor-approuting-dns")).toEqual({
      principalId: "event-ingestor-approuting-object",
      principalType: "ServicePrincipal",
      roleDefinitionId: role("befefa01-2a29-4197-83a8-272ff33ce314"),
      scope: zone,
    });
    const names = await Promise.all(
      platform.dependsOn.map(async (r) => (await promiseOf(r.urn)).split("::").at(-1)),
    );
    expect(names).toEqual(
      expect.arrayContaining(["event-ingestor-approuting-keyvault", "event-ingestor-approuting-dns"]),
    );
  });

  it("refuses app.tls without a Key Vault certificate", () => {
    expect(() =>
      create.createPlatform(
        {
          name: "bare",
          namespace: "ingestor",
          serviceAccountName: "event-ingestor",
          ingress: { name: "event-ingestor", host, tls: true },
        },
        create.parseAzureConfig({ adminGroupObjectIds: [group] }),
      ),
    ).toThrow(/app.tls needs azure.tlsCertificateUri and azure.keyVaultId/);
  });
});

describe("appRoutingIngress", () => {
  it("adds nothing without TLS", () => {
    expect(appRoutingIngress({ name: "a", host, tls: false }, uri)).toEqual({
      annotations: {},
      tls: undefined,
      namespaceLabels: {},
    });
  });
});
