/** Messages between the orchestrator and its child processes (load generator, ceilings), with guards. */
import { isRecord } from "./guards.js";
import type { KafkaCeilingResult, LoadResult, LoadSpec } from "./types.js";

export interface RunLoadMessage {
  readonly kind: "run-load";
  readonly spec: LoadSpec;
}

/** What a child process answers to its one request: its result, or why it failed. */
export type ChildReply<T> =
  { readonly kind: "result"; readonly result: T } | { readonly kind: "error"; readonly message: string };

export type LoadWorkerReply = ChildReply<LoadResult>;

/** What the Kafka ceiling process is asked to do. */
export interface KafkaCeilingSpec {
  /** Which client (ceilings/kafka-clients.ts KAFKA_CLIENTS). */
  readonly client: string;
  /** A package directory native clients are loaded from (packages/ingestor: the bench does not depend on them). */
  readonly nativeFrom: string;
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly partitions: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Records per produce call (the ingestor's KAFKA_BATCH_MAX_RECORDS). */
  readonly batchRecords: number;
  /** Produce calls kept in flight at once. */
  readonly concurrency: number;
  /** kafkajs: the ingestor's KAFKA_IDEMPOTENT (librdkafka is always idempotent, as in the ingestor). */
  readonly idempotent: boolean;
  /** Clients that batch themselves (librdkafka): linger.ms and batch.size, the ingestor's defaults. */
  readonly lingerMs: number;
  readonly batchBytes: number;
}

export interface RunKafkaCeilingMessage {
  readonly kind: "run-kafka";
  readonly spec: KafkaCeilingSpec;
}

export type KafkaCeilingReply = ChildReply<KafkaCeilingResult>;

export function isRunLoadMessage(value: unknown): value is RunLoadMessage {
  return isRecord(value) && value["kind"] === "run-load" && isRecord(value["spec"]);
}

/** A ChildReply whose result (when it is one) passes `isResult`. */
function isChildReply<T>(
  value: unknown,
  isResult: (result: Record<string, unknown>) => boolean,
): value is ChildReply<T> {
  if (!isRecord(value)) return false;
  if (value["kind"] === "error") return typeof value["message"] === "string";
  return value["kind"] === "result" && isRecord(value["result"]) && isResult(value["result"]);
}

export function isLoadWorkerReply(value: unknown): value is LoadWorkerReply {
  return isChildReply(value, () => true);
}

export function isRunKafkaCeilingMessage(value: unknown): value is RunKafkaCeilingMessage {
  return isRecord(value) && value["kind"] === "run-kafka" && isRecord(value["spec"]);
}

export function isKafkaCeilingReply(value: unknown): value is KafkaCeilingReply {
  return isChildReply(value, (result) => typeof result["measuredRecords"] === "number");
}

/** Sent by a ceiling HTTP server once it listens. */
export interface ListeningMessage {
  readonly kind: "listening";
  readonly port: number;
}

export function isListeningMessage(value: unknown): value is ListeningMessage {
  return isRecord(value) && value["kind"] === "listening" && typeof value["port"] === "number";
}

/** Sent by the load generator and the Kafka ceiling when the measured phase starts (warm-up is over). */
export interface PhaseMessage {
  readonly kind: "phase";
  readonly phase: "measured";
}

export function isPhaseMessage(value: unknown): value is PhaseMessage {
  return isRecord(value) && value["kind"] === "phase" && value["phase"] === "measured";
}

/**
 * Sent by the Kafka ceiling when its measured phase is over, before it disconnects: a client's own threads
 * (librdkafka's) end with the disconnect, and their CPU must be read while they still exist.
 */
export interface PhaseEndMessage {
  readonly kind: "phase";
  readonly phase: "measured-end";
}

export function isPhaseEndMessage(value: unknown): value is PhaseEndMessage {
  return isRecord(value) && value["kind"] === "phase" && value["phase"] === "measured-end";
}
