// The aws stack with the defaults of a new stack: managed Kafka (MSK Serverless, IAM) and managed Prometheus.
import { describe, expect, it } from "vitest";
import { AWS_FAKE, awsProviderFakes, mskBootstrap } from "@event-ingestor/infra-aws/testing";
import { describeManagedProgram, get } from "../test/managed-suite.ts";
import { ProgramMocks } from "../test/program.ts";

const { account, region } = AWS_FAKE;
const fakes = awsProviderFakes();
// Managed Kafka's grants and network rule, and the topics Job, register slowly: whatever does not wait for them
// registers first.
const mocks = new ProgramMocks(fakes.resources, fakes.invokes, {
  "event-ingestor-kafka-ingestor": 500,
  "event-ingestor-kafka-topics": 500,
  "event-ingestor-kafka-from-nodes": 500,
  "kubernetes:batch/v1:Job": 100,
});
const JOB = "kubernetes:batch/v1:Job";
const kafkaResources = () => [
  mocks.named("aws:msk/serverlessCluster:ServerlessCluster", "event-ingestor-kafka"),
  mocks.named("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "event-ingestor-kafka-from-nodes"),
  mocks.named("aws:iam/rolePolicy:RolePolicy", "event-ingestor-kafka-ingestor"),
  mocks.named("aws:iam/rolePolicy:RolePolicy", "event-ingestor-kafka-topics"),
];

describeManagedProgram(mocks, {
  cloud: "aws",
  config: { aws: { availabilityZones: 2 }, "aws:region": region },
  brokers: () => mskBootstrap("event-ingestor-kafka"),
  mechanism: "aws-msk-iam",
  env: { AWS_REGION: region },
  // 443: STS, where the pods get the IRSA credentials they sign MSK tokens with.
  ports: [9098, 443],
  kafkaResources: () => [...kafkaResources(), mocks.one(JOB)],
  metricsResources: ["aws:amp/workspace:Workspace", "aws:amp/scraper:Scraper"],
  // AMP's managed collector discovers the pods itself.
  scrapeType: undefined,
});

describe("aws stack with managed Kafka: MSK specifics (mocked)", () => {
  it("creates one MSK Serverless cluster for the app", () => {
    expect(mocks.all("aws:msk/serverlessCluster:ServerlessCluster").map((r) => r.name)).toEqual([
      "event-ingestor-kafka",
    ]);
  });

  it("runs the topics Job under its own ServiceAccount, bound to the role that may create the topics", () => {
    const accounts = mocks
      .all("kubernetes:core/v1:ServiceAccount")
      .map((r) => [
        get(r.inputs, "metadata", "name"),
        get(r.inputs, "metadata", "annotations", "eks.amazonaws.com/role-arn"),
      ]);
    expect(accounts).toEqual([
      ["event-ingestor", `arn:aws:iam::${account}:role/event-ingestor-ingestor`],
      ["event-ingestor-topics", `arn:aws:iam::${account}:role/event-ingestor-kafka-topics`],
    ]);
    expect(get(mocks.one(JOB).inputs, "spec", "template", "spec", "serviceAccountName")).toBe(
      "event-ingestor-topics",
    );
  });

  it("starts the topics Job only once the cluster is reachable from the nodes and both grants exist", () => {
    const job = mocks.one(JOB);
    for (const before of kafkaResources()) expect(job.started).toBeGreaterThan(before.finished);
  });

  it("gives the app's pods and the topics Job's pods a NetworkPolicy each", () => {
    expect(mocks.all("kubernetes:networking.k8s.io/v1:NetworkPolicy")).toHaveLength(2);
  });
});
