/** The part of a Kafka admin client topic creation needs (kafkajs' Admin has it). */
export interface TopicsAdmin {
  listTopics(): Promise<string[]>;
  describeCluster(): Promise<{ readonly brokers: readonly unknown[] }>;
  createTopics(options: {
    readonly waitForLeaders: boolean;
    readonly topics: {
      readonly topic: string;
      readonly numPartitions: number;
      readonly replicationFactor: number;
    }[];
  }): Promise<boolean>;
}

export interface EnsuredTopics {
  readonly created: readonly string[];
  readonly existing: readonly string[];
}

/** Three copies where the cluster has three brokers (what acks=all and min.insync.replicas=2 need), else all. */
export const replicationFor = (brokers: number): number => Math.max(1, Math.min(3, brokers));

/**
 * Creates the topics that do not exist yet, with `partitions` partitions and `replicationFor` the cluster's
 * broker count (not the broker default, -1: kafkajs speaks CreateTopics v3, which predates it). Existing topics are left exactly as they are: this runs on every
 * deploy and must never change a topic an operator tuned. Idempotent, also against a concurrent run: a topic
 * created in between is reported by the broker as TOPIC_ALREADY_EXISTS, which kafkajs answers with `false`.
 */
export async function ensureTopics(
  admin: TopicsAdmin,
  topics: readonly string[],
  partitions: number,
): Promise<EnsuredTopics> {
  const present = new Set(await admin.listTopics());
  const wanted = [...new Set(topics)];
  const missing = wanted.filter((t) => !present.has(t));
  if (missing.length > 0) {
    const replicationFactor = replicationFor((await admin.describeCluster()).brokers.length);
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
  }
  return { created: missing, existing: wanted.filter((t) => present.has(t)) };
}
