import { describe, expect, it } from "vitest";
import { AwsConfigError, parseAwsConfig } from "./config.js";

describe("parseAwsConfig", () => {
  it("uses the documented defaults when the stack sets nothing", () => {
    // Literals, not awsConfigDefaults: changing a default (the public API endpoint most of all) must fail here.
    const defaults = {
      vpcCidr: "10.0.0.0/16",
      availabilityZones: 3,
      natGateways: "Single",
      // Unset: EKS's default version at creation, never a minor pinned here until it reaches end of life.
      kubernetesVersion: undefined,
      nodeInstanceTypes: ["t3.medium"],
      nodeMinSize: 2,
      nodeDesiredSize: 2,
      nodeMaxSize: 4,
      nodeDiskSizeGib: 20,
      adminPrincipalArns: [],
      previewPrincipalArns: [],
      apiPublicAccessCidrs: ["0.0.0.0/0"],
      lbControllerChartVersion: "1.14.0",
      ecrForceDelete: true,
      clusterAutoscalerChartVersion: "9.59.0",
      certificateArn: undefined,
      route53ZoneId: undefined,
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

  it("takes an ACM certificate ARN and a Route 53 zone id for TLS and DNS, and refuses malformed ones", () => {
    const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
    expect(parseAwsConfig({ certificateArn: arn, route53ZoneId: "Z0123456789ABCDEFGHIJ" })).toMatchObject({
      certificateArn: arn,
      route53ZoneId: "Z0123456789ABCDEFGHIJ",
    });
    expect(() =>
      parseAwsConfig({ certificateArn: "arn:aws:iam::123456789012:role/x", route53ZoneId: "zone" }),
    ).toThrow(/certificateArn must match[\s\S]*route53ZoneId must match/);
  });

  it("takes preview principals for view-only cluster access, IAM roles or users only", () => {
    const preview = "arn:aws:iam::123456789012:role/github-preview";
    expect(parseAwsConfig({ previewPrincipalArns: [preview] }).previewPrincipalArns).toEqual([preview]);
    expect(() => parseAwsConfig({ previewPrincipalArns: ["arn:aws:iam::123456789012:group/devs"] })).toThrow(
      /previewPrincipalArns must be a list of strings matching/,
    );
  });

  it("refuses a principal listed twice, since EKS keeps one access entry per principal", () => {
    const ops = "arn:aws:iam::123456789012:role/ops";
    const parse = () => parseAwsConfig({ adminPrincipalArns: [ops], previewPrincipalArns: [ops] });
    expect(parse).toThrow(AwsConfigError);
    expect(parse).toThrow(
      `adminPrincipalArns and previewPrincipalArns must name each principal once, got ${ops} twice`,
    );
  });
});
