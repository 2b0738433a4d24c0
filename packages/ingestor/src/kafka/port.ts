import type { ProduceError } from "../errors.js";

/**
 * The project's own producer interface. kafkajs (kafkajs.ts) and librdkafka (librdkafka.ts) sit behind it;
 * the rest of the code does not care which client is underneath, and unit tests use a fake.
 */
export interface OutRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Approximate encoded size in bytes, for batching limits and in-flight accounting. */
  readonly size: number;
}

/**
 * What became of one record. `ok` only when the broker acknowledged it (acks from all in-sync replicas):
 * a record the client skipped, or whose partition is missing from the response, is a retriable failure.
 */
export type Delivery = { readonly ok: true } | { readonly ok: false; readonly error: ProduceError };

/** One shared success: a batch of 500 records settles 500 times. */
export const DELIVERED: Delivery = Object.freeze({ ok: true });

export interface TopicInfo {
  readonly partitions: number;
  /** The topic's max.message.bytes (or the broker default), when it could be read. */
  readonly maxMessageBytes?: number;
  /** Replicas per partition (the smallest over the topic's partitions), when it could be read. */
  readonly replicationFactor?: number;
  /** The topic's min.insync.replicas (or the broker default), when it could be read. */
  readonly minInsyncReplicas?: number;
}

export interface KafkaPort {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /**
   * Writes the records to `topic` with acks from all in-sync replicas. Resolves with one outcome per record,
   * in order; a failed outcome's `retriable` flag decides what happens next. Keyless records of one call
   * share one partition; keyed records go to murmur2(key) % partitions.
   */
  send(topic: string, records: readonly OutRecord[]): Promise<readonly Delivery[]>;
  /** Reads topic metadata from the cluster; topics absent from the result do not exist. */
  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>>;
  /** True while the producer holds a connection to the cluster. */
  isConnected(): boolean;
}

/** The same outcome for every record of a call (a whole request failed, or timed out). */
export function allFailed(records: readonly unknown[], error: ProduceError): Delivery[] {
  const failed: Delivery = { ok: false, error };
  return records.map(() => failed);
}

/** Levels of the Kafka clients' log lines, as the service logs them (also across the producer thread). */
export type LogLevel = "error" | "warn" | "info" | "debug";
