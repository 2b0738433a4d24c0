import { describe, expect, it } from "vitest";
import { AzureConfigError, parseAzureConfig } from "./config.js";

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
    expect(parseAzureConfig(undefined)).toEqual({
      location: "westeurope",
      vnetCidr: "10.30.0.0/16",
      nodeSubnetCidr: "10.30.0.0/22",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIp: "10.0.0.10",
      kubernetesVersion: "1.34",
      nodeVmSize: "Standard_D2s_v5",
      nodeMinCount: 2,
      nodeMaxCount: 4,
      nodeOsDiskSizeGb: 64,
      availabilityZones: ["1", "2", "3"],
      skuTier: "Free",
      upgradeChannel: "patch",
      apiAuthorizedCidrs: [],
      entraId: true,
      adminGroupObjectIds: [],
      grantDeployerAccess: true,
      acrSku: "Basic",
      acrRetentionDays: 7,
      registryName: undefined,
    });
  });

  it("takes the location from event-ingestor:azure first, then azure-native:location", () => {
    expect(parseAzureConfig({}, "swedencentral").location).toBe("swedencentral");
    expect(parseAzureConfig({ location: "northeurope" }, "swedencentral").location).toBe("northeurope");
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
      problemsOf(() => parseAzureConfig({ serviceCidr: "10.244.0.0/16", dnsServiceIp: "10.244.0.10" })),
    ).toEqual(["podCidr and serviceCidr must not overlap"]);
  });
});
