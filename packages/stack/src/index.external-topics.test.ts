// An external Kafka with kafka.createTopics: the topics Job runs with the app's own settings and credentials
// before the Deployment, so an unreachable Kafka fails the `up` at the Job, not at the rollout's timeout.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AWS_FAKE, awsProviderFakes } from "@event-ingestor/infra-aws/testing";
import { get } from "../test/managed-suite.ts";
import { kafkaConfig, kafkaSecrets, ProgramMocks, setStackConfig } from "../test/program.ts";

const JOB = "kubernetes:batch/v1:Job";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const fakes = awsProviderFakes();
// The Job registers slowly: a Deployment that does not wait for it registers first.
const mocks = new ProgramMocks(fakes.resources, fakes.invokes, { [JOB]: 300 });

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
  setStackConfig(
    {
      kafka: { ...kafkaConfig, createTopics: true, partitions: 12 },
      imageTag: "test-tag",
      aws: { availabilityZones: 2 },
    },
    kafkaSecrets,
  );
  pulumi.runtime.setConfig("aws:region", AWS_FAKE.region);
  await import("./index.ts");
  await pulumi.runtime.disconnect();
});

describe("aws stack, external Kafka with kafka.createTopics (mocked)", () => {
  it("runs create-topics.js as a Job under a ServiceAccount without a cloud identity", () => {
    const job = mocks.one(JOB).inputs;
    const containers = get(job, "spec", "template", "spec", "containers") as readonly Record<
      string,
      unknown
    >[];
    expect(containers.map((c) => c["args"])).toEqual([["packages/ingestor/dist/create-topics.js"]]);
    expect(get(job, "spec", "template", "spec", "serviceAccountName")).toBe("event-ingestor-topics");
    const account = mocks
      .all("kubernetes:core/v1:ServiceAccount")
      .find((r) => get(r.inputs, "metadata", "name") === "event-ingestor-topics");
    expect(get(account?.inputs, "metadata", "annotations")).toBeUndefined();
  });

  it("hands the Job the external brokers and the partitions to create", () => {
    const config = mocks
      .all("kubernetes:core/v1:ConfigMap")
      .find((r) => get(r.inputs, "data", "KAFKA_BROKERS"));
    expect(get(config?.inputs, "data", "KAFKA_BROKERS")).toBe(kafkaConfig.bootstrapServers);
    expect(get(config?.inputs, "data", "KAFKA_TOPIC_PARTITIONS")).toBe("12");
  });

  it("rolls out the Deployment only after the Job finished", () => {
    expect(mocks.one(DEPLOYMENT).started).toBeGreaterThan(mocks.one(JOB).finished);
  });
});
