/** Messages between the orchestrator and its child processes (load generator, ceilings), with guards. */
import type { KafkaCeilingResult, LoadResult, LoadSpec } from "./types.js";

export interface RunLoadMessage {
  readonly kind: "run-load";
  readonly spec: LoadSpec;
}

export type LoadWorkerReply =
  | { readonly kind: "result"; readonly result: LoadResult }
  | { readonly kind: "error"; readonly message: string };

/** What the Kafka ceiling process is asked to do. */
export interface KafkaCeilingSpec {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly partitions: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** Records per produce call (the ingestor's KAFKA_BATCH_MAX_RECORDS). */
  readonly batchRecords: number;
  /** Produce calls kept in flight at once. */
  readonly concurrency: number;
  readonly idempotent: boolean;
}

export interface RunKafkaCeilingMessage {
  readonly kind: "run-kafka";
  readonly spec: KafkaCeilingSpec;
}

export type KafkaCeilingReply =
  | { readonly kind: "result"; readonly result: KafkaCeilingResult }
  | { readonly kind: "error"; readonly message: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function isRunLoadMessage(value: unknown): value is RunLoadMessage {
  return isObject(value) && value["kind"] === "run-load" && isObject(value["spec"]);
}

export function isLoadWorkerReply(value: unknown): value is LoadWorkerReply {
  return (
    isObject(value) &&
    ((value["kind"] === "result" && isObject(value["result"])) ||
      (value["kind"] === "error" && typeof value["message"] === "string"))
  );
}

export function isRunKafkaCeilingMessage(value: unknown): value is RunKafkaCeilingMessage {
  return isObject(value) && value["kind"] === "run-kafka" && isObject(value["spec"]);
}

export function isKafkaCeilingReply(value: unknown): value is KafkaCeilingReply {
  return (
    isObject(value) &&
    ((value["kind"] === "result" &&
      isObject(value["result"]) &&
      typeof value["result"]["measuredRecords"] === "number") ||
      (value["kind"] === "error" && typeof value["message"] === "string"))
  );
}

/** Sent by a ceiling HTTP server once it listens. */
export interface ListeningMessage {
  readonly kind: "listening";
  readonly port: number;
}

export function isListeningMessage(value: unknown): value is ListeningMessage {
  return isObject(value) && value["kind"] === "listening" && typeof value["port"] === "number";
}

/** Sent by the load generator and the Kafka ceiling when the measured phase starts (warm-up is over). */
export interface PhaseMessage {
  readonly kind: "phase";
  readonly phase: "measured";
}

export function isPhaseMessage(value: unknown): value is PhaseMessage {
  return isObject(value) && value["kind"] === "phase" && value["phase"] === "measured";
}
