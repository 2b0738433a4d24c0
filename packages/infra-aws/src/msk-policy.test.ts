import { describe, expect, it } from "vitest";
import { ingestorKafkaPolicy, MskArnError, mskTopicArn, topicsJobKafkaPolicy } from "./msk-policy.js";

const cluster = "arn:aws:kafka:eu-west-1:123456789012:cluster/ingest-kafka/0a1b2c3d-4e5f-s1";

describe("mskTopicArn", () => {
  it("names the topic under the cluster's name and UUID", () => {
    expect(mskTopicArn(cluster, "events.dlq")).toBe(
      "arn:aws:kafka:eu-west-1:123456789012:topic/ingest-kafka/0a1b2c3d-4e5f-s1/events.dlq",
    );
  });

  it("refuses what is not a cluster ARN, with a typed error", () => {
    expect(() => mskTopicArn("arn:aws:kafka:eu-west-1:123456789012:topic/a/b/c", "t")).toThrow(MskArnError);
  });
});

describe("MSK IAM policies", () => {
  it("lets the ingestor connect and produce idempotently to exactly its topics", () => {
    expect(JSON.parse(ingestorKafkaPolicy(cluster, ["events", "events.dlq"]))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Cluster",
          Effect: "Allow",
          Action: [
            "kafka-cluster:Connect",
            "kafka-cluster:DescribeCluster",
            "kafka-cluster:WriteDataIdempotently",
          ],
          Resource: cluster,
        },
        {
          Sid: "Topics",
          Effect: "Allow",
          Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
          Resource: [
            "arn:aws:kafka:eu-west-1:123456789012:topic/ingest-kafka/0a1b2c3d-4e5f-s1/events",
            "arn:aws:kafka:eu-west-1:123456789012:topic/ingest-kafka/0a1b2c3d-4e5f-s1/events.dlq",
          ],
        },
      ],
    });
  });

  it("lets the topics Job connect and create and describe exactly those topics, nothing else", () => {
    expect(JSON.parse(topicsJobKafkaPolicy(cluster, ["events"]))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Cluster",
          Effect: "Allow",
          Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
          Resource: cluster,
        },
        {
          Sid: "Topics",
          Effect: "Allow",
          Action: ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic"],
          Resource: ["arn:aws:kafka:eu-west-1:123456789012:topic/ingest-kafka/0a1b2c3d-4e5f-s1/events"],
        },
      ],
    });
  });
});
