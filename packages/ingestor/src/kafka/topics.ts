import { ProduceError } from "../errors.js";
import type { KafkaPort, TopicInfo } from "./port.js";

/**
 * The cluster's view of our two topics, refreshed in the background: readiness needs to know they exist,
 * the batcher needs partition counts, and size checks need max.message.bytes.
 */
export class TopicWatcher {
  private info: ReadonlyMap<string, TopicInfo> = new Map();
  private lastError: unknown;

  constructor(
    private readonly port: KafkaPort,
    private readonly topics: readonly string[],
    private readonly onResult: (error: ProduceError | undefined) => void = () => undefined,
  ) {}

  async refresh(): Promise<void> {
    try {
      this.info = await this.port.describeTopics(this.topics);
      this.lastError = undefined;
      this.onResult(undefined);
    } catch (err) {
      // Keep the last known view: a failed metadata call says nothing about whether topics exist.
      this.lastError = err;
      this.onResult(
        new ProduceError(`metadata refresh failed: ${String(err)}`, true, "connection", { cause: err }),
      );
    }
  }

  get(topic: string): TopicInfo | undefined {
    return this.info.get(topic);
  }

  missing(): string[] {
    return this.topics.filter((t) => !this.info.has(t));
  }

  /**
   * Topics on which acks=all would not mean `required` copies: a replication factor or min.insync.replicas
   * below it. A value the cluster did not report is not held against the topic.
   */
  durabilityProblems(required: number): string[] {
    const problems: string[] = [];
    for (const topic of this.topics) {
      const info = this.info.get(topic);
      if (info === undefined) continue;
      const low = (name: string, value: number | undefined): void => {
        if (value !== undefined && value < required)
          problems.push(`topic ${topic}: ${name}=${value} is below KAFKA_MIN_ISR_REQUIRED=${required}`);
      };
      low("replication.factor", info.replicationFactor);
      low("min.insync.replicas", info.minInsyncReplicas);
    }
    return problems;
  }

  get error(): unknown {
    return this.lastError;
  }
}
