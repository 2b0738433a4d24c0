// MSK Serverless with IAM authentication as plain data (no SDK: `render` imports it through
// `@event-ingestor/infra-aws/kafka`): how the pods reach it, and the IAM policies. The ingestor may produce to
// exactly its two topics, the topics Job may create exactly those. No wildcard action, no wildcard resource.
import type { ManagedKafka } from "@event-ingestor/platform";

/** MSK's SASL/IAM listener (TLS). */
export const MSK_IAM_PORT = 9098;
/**
 * HTTPS to STS: IRSA credentials come from AssumeRoleWithWebIdentity, which the pods call before they can sign
 * an MSK token, so the NetworkPolicy's egress must allow it next to the brokers.
 */
export const STS_PORT = 443;

/** How the ingestor signs in to MSK: an IAM-signed OAUTHBEARER token from the default credential chain. */
export const MSK_MECHANISM = "aws-msk-iam" satisfies ManagedKafka["saslMechanism"];
/** Every port the pods open to use MSK (the NetworkPolicy's egress). */
export const MSK_CLIENT_PORTS: readonly number[] = [MSK_IAM_PORT, STS_PORT];

/** The ingestor settings MSK IAM needs beyond the brokers: the region the token is signed for. */
export function mskKafkaEnv<V>(region: V): { readonly AWS_REGION: V } {
  return { AWS_REGION: region };
}

/**
 * The ingestor's actions on the cluster. WriteDataIdempotently is a cluster action in MSK's IAM model (Kafka's
 * IdempotentWrite is a cluster ACL): granted on a topic ARN it would match nothing, and the idempotent producer's
 * InitProducerId would be refused.
 */
export const INGESTOR_CLUSTER_ACTIONS = [
  "kafka-cluster:Connect",
  "kafka-cluster:DescribeCluster",
  "kafka-cluster:WriteDataIdempotently",
] as const;
/** The ingestor's actions on its two topics. */
export const INGESTOR_TOPIC_ACTIONS = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"] as const;
/** The topics Job's actions on the cluster. */
export const TOPICS_JOB_CLUSTER_ACTIONS = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"] as const;
/** The topics Job's actions on the topics it creates. */
export const TOPICS_JOB_TOPIC_ACTIONS = ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic"] as const;

/** An MSK cluster ARN is not one: a bug in what the provider returned, or in the caller. */
export class MskArnError extends Error {
  override readonly name = "MskArnError";
  constructor(readonly arn: string) {
    super(`not an MSK cluster ARN: ${JSON.stringify(arn)}`);
  }
}

const CLUSTER_ARN = /^(arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}):cluster\/([^/]+)\/([^/]+)$/;

/**
 * The ARN of `topic` in the cluster: `arn:aws:kafka:<region>:<account>:topic/<clusterName>/<clusterUuid>/<topic>`,
 * from the cluster's `arn:aws:kafka:<region>:<account>:cluster/<clusterName>/<clusterUuid>`.
 */
export function mskTopicArn(clusterArn: string, topic: string): string {
  const match = CLUSTER_ARN.exec(clusterArn);
  if (match === null) throw new MskArnError(clusterArn);
  const [, prefix, clusterName, clusterUuid] = match;
  return `${String(prefix)}:topic/${String(clusterName)}/${String(clusterUuid)}/${topic}`;
}

function policy(
  clusterArn: string,
  topics: readonly string[],
  clusterActions: readonly string[],
  topicActions: readonly string[],
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: "Cluster", Effect: "Allow", Action: [...clusterActions], Resource: clusterArn },
      {
        Sid: "Topics",
        Effect: "Allow",
        Action: [...topicActions],
        Resource: topics.map((topic) => mskTopicArn(clusterArn, topic)),
      },
    ],
  });
}

/** The ingestor role's policy: connect, and produce (idempotently) to exactly `topics`. */
export function ingestorKafkaPolicy(clusterArn: string, topics: readonly string[]): string {
  return policy(clusterArn, topics, INGESTOR_CLUSTER_ACTIONS, INGESTOR_TOPIC_ACTIONS);
}

/** The topics Job role's policy: connect, and create and describe exactly `topics`. */
export function topicsJobKafkaPolicy(clusterArn: string, topics: readonly string[]): string {
  return policy(clusterArn, topics, TOPICS_JOB_CLUSTER_ACTIONS, TOPICS_JOB_TOPIC_ACTIONS);
}
