// The aws stack with the defaults of a new stack: managed Kafka (MSK Serverless, IAM) and managed Prometheus.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_FAKE, awsProviderFakes, mskBootstrap } from "@event-ingestor/infra-aws/testing";
import {
  API_KEYS,
  plainOccurrences,
  ProgramMocks,
  reveal,
  setStackConfig,
  type Props,
} from "../test/program.ts";

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

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const JOB = "kubernetes:batch/v1:Job";
const SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === "object" && v !== null ? (v as Props)[key] : undefined),
    value,
  );

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
  // A new stack's settings: no Kafka address, no Kafka secret.
  setStackConfig(
    {
      kafka: { mode: "managed" },
      app: { metrics: "managed" },
      imageTag: "test-tag",
      aws: { availabilityZones: 2 },
    },
    { apiKeys: API_KEYS },
  );
  pulumi.runtime.setConfig("aws:region", region);
  await import("./index.ts");
  await pulumi.runtime.disconnect();
});

describe("aws stack with managed Kafka (mocked)", () => {
  it("creates one MSK Serverless cluster for the app", () => {
    expect(mocks.all("aws:msk/serverlessCluster:ServerlessCluster").map((r) => r.name)).toEqual([
      "event-ingestor-kafka",
    ]);
  });

  it("configures the ingestor for MSK IAM: the cluster's IAM bootstrap brokers, TLS, aws-msk-iam, the region", () => {
    expect(get(mocks.one("kubernetes:core/v1:ConfigMap").inputs, "data")).toEqual({
      KAFKA_BROKERS: mskBootstrap("event-ingestor-kafka"),
      KAFKA_TOPIC: "events",
      KAFKA_DLQ_TOPIC: "events.dlq",
      KAFKA_TOPIC_PARTITIONS: "6",
      KAFKA_SSL: "true",
      KAFKA_SASL_MECHANISM: "aws-msk-iam",
      AWS_REGION: region,
      LOG_LEVEL: "info",
      KAFKA_MIN_ISR_REQUIRED: "2",
    });
  });

  it("has no Kafka credential anywhere: the Secret holds the API keys only", () => {
    expect(reveal(get(mocks.one("kubernetes:core/v1:Secret").inputs, "stringData"))).toEqual({ API_KEYS });
    for (const needle of ["KAFKA_SASL_PASSWORD", "KAFKA_SASL_USERNAME", "KAFKA_SSL_CA"]) {
      const found = mocks.registrations.flatMap((r) =>
        plainOccurrences(r.inputs, needle).map((at) => `${r.type} ${r.name} ${at}`),
      );
      expect(found).toEqual([]);
    }
  });

  it("runs the topics Job under its own ServiceAccount, bound to the role that may create the topics", () => {
    const accounts = mocks
      .all(SERVICE_ACCOUNT)
      .map((r) => [
        get(r.inputs, "metadata", "name"),
        get(r.inputs, "metadata", "annotations", "eks.amazonaws.com/role-arn"),
      ]);
    expect(accounts).toEqual(
      expect.arrayContaining([
        ["event-ingestor", `arn:aws:iam::${account}:role/event-ingestor-ingestor`],
        ["event-ingestor-topics", `arn:aws:iam::${account}:role/event-ingestor-kafka-topics`],
      ]),
    );
    const job = mocks.one(JOB).inputs;
    expect(get(job, "spec", "template", "spec", "serviceAccountName")).toBe("event-ingestor-topics");
  });

  it("rolls out the Deployment only after the cluster, its network access, both grants and the topics Job", () => {
    const deployment = mocks.one(DEPLOYMENT);
    const waitedFor = [
      mocks.named("aws:msk/serverlessCluster:ServerlessCluster", "event-ingestor-kafka"),
      mocks.named(
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
        "event-ingestor-kafka-from-nodes",
      ),
      mocks.named("aws:iam/rolePolicy:RolePolicy", "event-ingestor-kafka-ingestor"),
      mocks.named("aws:iam/rolePolicy:RolePolicy", "event-ingestor-kafka-topics"),
      mocks.one(JOB),
    ];
    for (const before of waitedFor) expect(deployment.started).toBeGreaterThan(before.finished);
    // The Job itself needs the topics Job role's grant and the cluster's network access.
    const job = mocks.one(JOB);
    for (const before of waitedFor.slice(0, 4)) expect(job.started).toBeGreaterThan(before.finished);
  });

  it("lets the pods reach the brokers on 9098 and STS on 443 (their IRSA credentials)", () => {
    // The app's pods and the topics Job's have a policy each, with the same egress.
    const policies = mocks.all("kubernetes:networking.k8s.io/v1:NetworkPolicy");
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const ports = (get(policy.inputs, "spec", "egress") as Props[]).flatMap(
        (rule) => (rule["ports"] as Props[] | undefined)?.map((p) => p["port"]) ?? [],
      );
      expect(ports).toEqual([53, 53, 9098, 443]);
    }
  });
});

describe("aws stack with managed Prometheus (mocked)", () => {
  it("scrapes the app's pods into an AMP workspace with the managed collector, no scrape object in the app's namespace", () => {
    expect(mocks.all("aws:amp/workspace:Workspace")).toHaveLength(1);
    expect(mocks.all("aws:amp/scraper:Scraper")).toHaveLength(1);
    expect(mocks.all("kubernetes:monitoring.coreos.com/v1:ServiceMonitor")).toEqual([]);
  });
});
