import { describe, expect, it } from "vitest";
import { AzureConfigError, parseAzureConfig } from "./config.js";

const GROUP = "00000000-0000-0000-0000-0000000000a1";
/** The one setting without a default in Entra mode: the group that administers the cluster. */
const admins = { adminGroupObjectIds: [GROUP] };

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AzureConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected an AzureConfigError");
}

describe("parseAzureConfig", () => {
  it("fills every setting from the documented defaults", () => {
    // Literals, not azureConfigDefaults: changing a default (the API server's exposure most of all) must fail here.
    expect(parseAzureConfig(admins)).toEqual({
      location: "westeurope",
      vnetCidr: "10.30.0.0/16",
      nodeSubnetCidr: "10.30.0.0/22",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIp: "10.0.0.10",
      // Unset: AKS's default version at creation; upgradeChannel keeps it current.
      kubernetesVersion: undefined,
      nodeVmSize: "Standard_D2s_v5",
      nodeMinCount: 2,
      nodeMaxCount: 4,
      nodeOsDiskSizeGb: 64,
      availabilityZones: ["1", "2", "3"],
      skuTier: "Free",
      upgradeChannel: "patch",
      apiAuthorizedCidrs: [],
      entraId: true,
      adminGroupObjectIds: [GROUP],
      // Off: a role assignment made in the same run propagates too late for the first `up`.
      grantDeployerAccess: false,
      // None: preview identities get no Kubernetes access unless named.
      previewPrincipalIds: [],
      acrSku: "Basic",
      acrRetentionDays: 7,
      registryName: undefined,
      tlsCertificateUri: undefined,
      keyVaultId: undefined,
      dnsZoneId: undefined,
      // Standard: the smallest tier with a Kafka endpoint; one throughput unit, one day of retention.
      eventHubsSku: "Standard",
      eventHubsCapacity: 1,
      eventHubsRetentionDays: 1,
      managedPrometheus: false,
    });
  });

  it("keeps Event Hubs capacity and retention within what the tier allows", () => {
    expect(
      parseAzureConfig({
        ...admins,
        eventHubsSku: "Premium",
        eventHubsCapacity: 4,
        eventHubsRetentionDays: 90,
      }),
    ).toMatchObject({ eventHubsSku: "Premium", eventHubsCapacity: 4, eventHubsRetentionDays: 90 });
    expect(
      problemsOf(() =>
        parseAzureConfig({
          ...admins,
          eventHubsSku: "Premium",
          eventHubsCapacity: 3,
          eventHubsRetentionDays: 30,
        }),
      ),
    ).toEqual(["eventHubsCapacity must be one of 1, 2, 4, 8, 16 processing units on Premium, got 3"]);
    expect(
      problemsOf(() => parseAzureConfig({ ...admins, eventHubsRetentionDays: 8, eventHubsSku: "Basic" })),
    ).toEqual([
      'eventHubsSku must be one of Standard, Premium, got "Basic"',
      "eventHubsRetentionDays must be 1 to 7 on Standard, got 8",
    ]);
  });

  it("in Entra mode, requires an admin group given at cluster creation, with the command that sets one", () => {
    const [problem] = problemsOf(() => parseAzureConfig(undefined));
    expect(problem).toMatch(/^adminGroupObjectIds must name at least one Entra group/);
    expect(problem).toContain("pulumi config set --path 'azure.adminGroupObjectIds[0]'");
    // Without Entra ID, or with the (slow to propagate) per-deployer grants asked for, none is needed.
    expect(parseAzureConfig({ entraId: false }).adminGroupObjectIds).toEqual([]);
    expect(parseAzureConfig({ grantDeployerAccess: true }).grantDeployerAccess).toBe(true);
  });

  it("takes the TLS certificate with its vault, and a DNS zone, and refuses a mismatched or half-set pair", () => {
    const vault = `/subscriptions/${"1".repeat(8)}-2222-3333-4444-${"5".repeat(12)}/resourceGroups/certs/providers/Microsoft.KeyVault/vaults/acme-kv`;
    const zone = `/subscriptions/${"1".repeat(8)}-2222-3333-4444-${"5".repeat(12)}/resourceGroups/dns/providers/Microsoft.Network/dnszones/acme-corp.net`;
    const uri = "https://acme-kv.vault.azure.net/certificates/ingestor";
    expect(
      parseAzureConfig({ ...admins, tlsCertificateUri: uri, keyVaultId: vault, dnsZoneId: zone }),
    ).toMatchObject({
      tlsCertificateUri: uri,
      keyVaultId: vault,
      dnsZoneId: zone,
    });
    expect(problemsOf(() => parseAzureConfig({ ...admins, tlsCertificateUri: uri }))).toEqual([
      "tlsCertificateUri and keyVaultId go together: the certificate and the vault that holds it",
    ]);
    expect(
      problemsOf(() =>
        parseAzureConfig({
          ...admins,
          tlsCertificateUri: "https://other-kv.vault.azure.net/certificates/ingestor",
          keyVaultId: vault,
        }),
      ),
    ).toEqual(["tlsCertificateUri is in vault other-kv, but keyVaultId names vault acme-kv"]);
    expect(
      problemsOf(() =>
        parseAzureConfig({
          ...admins,
          tlsCertificateUri: "https://my-vault.vault.azure.net/certificates/ingestor",
          keyVaultId: vault.replace("acme-kv", "my-vault"),
        }),
      ),
    ).toContain(
      'tlsCertificateUri is still the placeholder "https://my-vault.vault.azure.net/certificates/ingestor": set it with `pulumi config set --path azure.tlsCertificateUri <value> --stack azure`',
    );
  });

  it("takes the location from event-ingestor:azure first, then azure-native:location", () => {
    expect(parseAzureConfig(admins, "swedencentral").location).toBe("swedencentral");
    expect(parseAzureConfig({ ...admins, location: "northeurope" }, "swedencentral").location).toBe(
      "northeurope",
    );
  });

  it("accepts values set as strings by `pulumi config set --path`", () => {
    const config = parseAzureConfig({ nodeMaxCount: "6", entraId: "false" });
    expect(config.nodeMaxCount).toBe(6);
    expect(config.entraId).toBe(false);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf(() =>
      parseAzureConfig({
        skuTier: "Premium",
        nodeMinCount: 5,
        nodeMaxCount: 3,
        availabilityZones: ["4"],
        registryName: "no-hyphens",
        entraId: false,
        adminGroupObjectIds: ["00000000-0000-0000-0000-000000000001"],
        colour: "blue",
      }),
    );
    expect(problems).toEqual([
      "colour is not a known setting",
      'availabilityZones must be a list of strings matching ^[1-3]$, got ["4"]',
      'skuTier must be one of Free, Standard, got "Premium"',
      'registryName must match ^[a-zA-Z0-9]{5,50}$, got "no-hyphens"',
      "nodeMinCount must not exceed nodeMaxCount",
      "adminGroupObjectIds needs entraId: true",
    ]);
  });

  it("rejects address ranges that overlap or sit outside the VNet", () => {
    const problems = problemsOf(() =>
      parseAzureConfig({
        ...admins,
        nodeSubnetCidr: "10.31.0.0/22",
        podCidr: "10.30.128.0/17",
        serviceCidr: "10.244.0.0/16",
        dnsServiceIp: "10.0.0.10",
      }),
    );
    expect(problems).toEqual([
      "nodeSubnetCidr 10.31.0.0/22 must lie inside vnetCidr",
      "podCidr 10.30.128.0/17 must not overlap vnetCidr",
      "dnsServiceIp must lie inside serviceCidr",
    ]);
    expect(
      problemsOf(() =>
        parseAzureConfig({ ...admins, serviceCidr: "10.244.0.0/16", dnsServiceIp: "10.244.0.10" }),
      ),
    ).toEqual(["podCidr and serviceCidr must not overlap"]);
  });

  it("takes preview principal object ids, in Entra mode only (Azure RBAC must authorize them)", () => {
    const id = "00000000-0000-0000-0000-0000000000b2";
    expect(parseAzureConfig({ ...admins, previewPrincipalIds: [id] }).previewPrincipalIds).toEqual([id]);
    expect(problemsOf(() => parseAzureConfig({ entraId: false, previewPrincipalIds: [id] }))).toEqual([
      "previewPrincipalIds needs entraId: true",
    ]);
    const malformed = problemsOf(() => parseAzureConfig({ ...admins, previewPrincipalIds: ["ci-preview"] }));
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatch(
      /^previewPrincipalIds must be a list of strings matching .+, got \["ci-preview"\]$/,
    );
  });
});
