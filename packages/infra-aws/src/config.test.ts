import { describe, expect, it } from "vitest";
import { AwsConfigError, parseAwsConfig } from "./config.js";

describe("parseAwsConfig", () => {
  it("uses the documented defaults when the stack sets nothing", () => {
    // Literals, not awsConfigDefaults: changing a default (the public API endpoint most of all) must fail here.
    const defaults = {
      vpcCidr: "10.0.0.0/16",
      availabilityZones: 3,
      natGateways: "Single",
      kubernetesVersion: "1.35",
      nodeInstanceTypes: ["t3.medium"],
      nodeMinSize: 2,
      nodeDesiredSize: 2,
      nodeMaxSize: 4,
      nodeDiskSizeGib: 20,
      adminPrincipalArns: [],
      apiPublicAccessCidrs: ["0.0.0.0/0"],
      lbControllerChartVersion: "1.14.0",
      ecrForceDelete: true,
    };
    expect(parseAwsConfig(undefined)).toEqual(defaults);
    expect(parseAwsConfig({})).toEqual(defaults);
  });

  it("accepts values set with `pulumi config set --path`, which arrive as strings", () => {
    const config = parseAwsConfig({ nodeMinSize: "1", nodeDesiredSize: "3", ecrForceDelete: "false" });
    expect(config).toMatchObject({ nodeMinSize: 1, nodeDesiredSize: 3, ecrForceDelete: false });
  });

  it("lists every problem at once", () => {
    const parse = () =>
      parseAwsConfig({ availabilityZones: 5, natGateways: "Many", kubernetesVersion: "latest", typo: 1 });
    expect(parse).toThrow(AwsConfigError);
    try {
      parse();
    } catch (error) {
      if (!(error instanceof AwsConfigError)) throw error;
      expect(error.problems).toHaveLength(4);
      expect(error.problems.join("\n")).toMatch(/typo is not a known setting/);
    }
  });

  it("rejects node sizes out of order", () => {
    expect(() => parseAwsConfig({ nodeMinSize: 3, nodeDesiredSize: 2 })).toThrow(
      /nodeMinSize <= nodeDesiredSize/,
    );
  });
});
