import { performance } from "node:perf_hooks";
import { ProduceError } from "../../errors.js";
import { DELIVERED, type Delivery, type LogLevel, type TopicInfo } from "../port.js";
import { type Packed, unpackRecords, type WireRecord } from "./wire.js";

/** Messages between the HTTP thread and the producer thread (see worker-port.ts). */
export type ThreadRequest =
  | { readonly op: "connect"; readonly id: number }
  | { readonly op: "disconnect"; readonly id: number }
  | { readonly op: "send"; readonly id: number; readonly topic: string; readonly packed: Packed }
  | { readonly op: "describe"; readonly id: number; readonly topics: readonly string[] }
  | { readonly op: "ping"; readonly id: number };

/** A ProduceError as it crosses threads; its cause travels as name, message and code. */
export interface WireError {
  readonly message: string;
  readonly retriable: boolean;
  readonly kind: ProduceError["kind"];
  readonly cause?:
    { readonly name: string; readonly message: string; readonly code?: string | number } | undefined;
}

/** The answer to a ping. */
export interface Pong {
  readonly busyMs: number;
}

export type ThreadMessage =
  | { readonly type: "reply"; readonly id: number; readonly ok: true; readonly value?: unknown }
  | { readonly type: "reply"; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: "connected"; readonly connected: boolean }
  | {
      readonly type: "log";
      readonly level: LogLevel;
      readonly entry: Record<string, unknown>;
      readonly message: string;
    };

/** What the producer thread drives: the kafkajs client, or a fake in tests. */
export interface InThreadProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(topic: string, records: readonly WireRecord[]): Promise<readonly Delivery[]>;
  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>>;
}

export interface Channel {
  postMessage(message: ThreadMessage): void;
  on(event: "message", listener: (message: ThreadRequest) => void): unknown;
}

function causeOf(err: unknown): WireError["cause"] {
  if (err === undefined) return undefined;
  if (!(err instanceof Error))
    return { name: "Error", message: typeof err === "string" ? err : JSON.stringify(err) };
  const code = (err as { code?: unknown }).code;
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
  };
}

/**
 * One form on both sides: a ProduceError crosses as itself (with its cause); anything else the thread throws
 * crosses as the retriable "unknown" ProduceError it would have become on the HTTP thread, caused by it.
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof ProduceError) {
    return { message: err.message, retriable: err.retriable, kind: err.kind, cause: causeOf(err.cause) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message, retriable: true, kind: "unknown", cause: causeOf(err) };
}

/** Rebuilds the ProduceError on the HTTP thread, its cause an Error with the original name, message and code. */
export function fromWireError(error: WireError): ProduceError {
  const c = error.cause;
  const cause =
    c === undefined
      ? undefined
      : Object.assign(new Error(c.message), { name: c.name }, c.code === undefined ? {} : { code: c.code });
  return new ProduceError(
    error.message,
    error.retriable,
    error.kind,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Per-record outcomes as they cross threads: one error index per record (-1: delivered) and the distinct
 * errors once, instead of one cloned object per record.
 */
export interface WireDeliveries {
  readonly outcome: Int32Array;
  readonly errors: readonly WireError[];
}

export function toWireDeliveries(deliveries: readonly Delivery[]): WireDeliveries {
  const outcome = new Int32Array(deliveries.length).fill(-1);
  const errors: WireError[] = [];
  const seen = new Map<ProduceError, number>();
  deliveries.forEach((d, i) => {
    if (d.ok) return;
    let at = seen.get(d.error);
    if (at === undefined) {
      at = errors.push(toWireError(d.error)) - 1;
      seen.set(d.error, at);
    }
    outcome[i] = at;
  });
  return { outcome, errors };
}

export function fromWireDeliveries({ outcome, errors }: WireDeliveries): Delivery[] {
  const failed = errors.map((e): Delivery => ({ ok: false, error: fromWireError(e) }));
  return Array.from(outcome, (at) => (at < 0 ? DELIVERED : (failed[at] ?? failed[0] ?? DELIVERED)));
}

/** The producer thread's side: runs each request against the producer and replies with its id. */
export function serveProducer(channel: Channel, producer: InThreadProducer): void {
  const run = async (request: ThreadRequest): Promise<unknown> => {
    switch (request.op) {
      case "connect":
        return producer.connect();
      case "disconnect":
        return producer.disconnect();
      case "send":
        return toWireDeliveries(await producer.send(request.topic, unpackRecords(request.packed)));
      case "describe":
        return producer.describeTopics(request.topics);
      case "ping": {
        // This thread's event loop: milliseconds busy since it started (a worker measures its own loop).
        const pong: Pong = { busyMs: performance.eventLoopUtilization().active };
        return pong;
      }
    }
  };
  channel.on("message", (request) => {
    run(request).then(
      (value) => {
        channel.postMessage({ type: "reply", id: request.id, ok: true, value });
      },
      (err: unknown) => {
        channel.postMessage({ type: "reply", id: request.id, ok: false, error: toWireError(err) });
      },
    );
  });
}
