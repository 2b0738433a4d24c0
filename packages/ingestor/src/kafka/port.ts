/**
 * The project's own producer interface. kafkajs sits behind it (kafkajs.ts); the rest of the code does not
 * care which client is underneath, and unit tests use a fake.
 */
export interface OutRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Set by the batcher for keyless records (sticky partition per batch); keyed records hash by key. */
  readonly partition?: number;
  /** Approximate encoded size in bytes, for batching limits and in-flight accounting. */
  readonly size: number;
}

export interface TopicInfo {
  readonly partitions: number;
  /** The topic's max.message.bytes (or the broker default), when it could be read. */
  readonly maxMessageBytes?: number;
}

export interface KafkaPort {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Writes all records to `topic` in one produce request with acks from all in-sync replicas.
   * Resolves once acknowledged; rejects with a ProduceError whose `retriable` flag decides what happens next.
   */
  send(topic: string, records: readonly OutRecord[]): Promise<void>;
  /** Reads topic metadata from the cluster; topics absent from the result do not exist. */
  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>>;
  /** True while the producer holds a connection to the cluster. */
  isConnected(): boolean;
}
