import { describe, expect, it, vi } from "vitest";
import { describeProgram } from "../test/program-suite.ts";
import { AWS_FAKE, awsProviderFakes } from "@event-ingestor/infra-aws/testing";
import { ProgramMocks } from "../test/program.ts";

// Counts loads of the other clouds' packages: the aws stack must never load them.
const loads = vi.hoisted(() => ({ gcp: 0, azure: 0 }));
vi.mock("@event-ingestor/infra-gcp", () => {
  loads.gcp++;
  return {};
});
vi.mock("@event-ingestor/infra-azure", () => {
  loads.azure++;
  return {};
});

const { account, region } = AWS_FAKE;
const fakes = awsProviderFakes();
const mocks = new ProgramMocks(fakes.resources, fakes.invokes);

describeProgram(mocks, {
  cloud: "aws",
  config: { aws: { availabilityZones: 2 }, "aws:region": region },
  registry: {
    repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/event-ingestor`,
    server: `${account}.dkr.ecr.${region}.amazonaws.com`,
    username: "AWS",
    password: AWS_FAKE.ecrPassword,
    cacheRef: `${account}.dkr.ecr.${region}.amazonaws.com/event-ingestor-cache:buildcache`,
  },
  ingressClassOrAnnotation: (ingress) => {
    expect(ingress).toMatchObject({ spec: { ingressClassName: "alb" } });
  },
  identityAnnotation: ["eks.amazonaws.com/role-arn", `arn:aws:iam::${account}:role/event-ingestor-ingestor`],
  podLabels: {},
});

describe("aws stack: cloud selection", () => {
  it("loads the AWS package and neither the GCP nor the Azure one", () => {
    expect(mocks.all("eks:index:Cluster")).toHaveLength(1);
    expect(loads).toEqual({ gcp: 0, azure: 0 });
  });

  it("labels the app's namespace for the ALB controller's pod readiness gates", () => {
    expect(mocks.one("kubernetes:core/v1:Namespace").inputs).toHaveProperty(
      ["metadata", "labels", "elbv2.k8s.aws/pod-readiness-gate-inject"],
      "enabled",
    );
  });

  it("applies the stack's AWS settings", () => {
    expect(mocks.one("awsx:ec2:Vpc").inputs["numberOfAvailabilityZones"]).toBe(2);
  });
});
