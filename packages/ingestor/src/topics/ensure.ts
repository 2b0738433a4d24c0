/** The part of a Kafka admin client topic creation needs (kafkajs' Admin has it). */
export interface TopicsAdmin {
  listTopics(): Promise<string[]>;
  describeCluster(): Promise<{ readonly brokers: readonly unknown[] }>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{
    readonly topics: readonly { readonly partitions: readonly { readonly leader: number }[] }[];
  }>;
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
      // kafkajs' own wait does not retry the UNKNOWN_TOPIC_OR_PARTITION a KRaft broker may answer right after
      // the creation (seen in CI): wait here, retrying until every partition has a leader.
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor })),
    });
    await untilLed(admin, missing, partitions);
  }
  return { created: missing, existing: wanted.filter((t) => present.has(t)) };
}

/** Until every partition of the new topics has a leader; gives up after `timeoutMs` (the Job then retries). */
export async function untilLed(
  admin: TopicsAdmin,
  topics: readonly string[],
  partitions: number,
  timeoutMs = 60_000,
  pauseMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const led = await admin.fetchTopicMetadata({ topics: [...topics] }).then(
      ({ topics: meta }) =>
        meta.length === topics.length &&
        meta.every((t) => t.partitions.length === partitions && t.partitions.every((p) => p.leader >= 0)),
      () => false,
    );
    if (led) return;
    if (Date.now() > deadline) throw new Error(`the new topics ${topics.join(", ")} have no leaders yet`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}
