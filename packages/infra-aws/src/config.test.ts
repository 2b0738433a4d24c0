import { describe, expect, it } from "vitest";
import { AwsConfigError, awsConfigDefaults, parseAwsConfig } from "./config.js";

describe("parseAwsConfig", () => {
  it("uses the documented defaults when the stack sets nothing", () => {
    expect(parseAwsConfig(undefined)).toEqual(awsConfigDefaults);
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
