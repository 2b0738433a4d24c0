import { HttpError, problem, type EventProblem } from "./errors.js";
import type { ReceivedEvent } from "./events/types.js";
import type { Batcher } from "./kafka/batcher.js";
import { deadLetterRecord, type DeadLetter } from "./kafka/dlq.js";
import type { KafkaPort } from "./kafka/port.js";
import { toRecord } from "./kafka/record.js";
import type { Metrics } from "./metrics.js";

export interface EventResult {
  readonly index: number;
  readonly id?: string;
  readonly status: "accepted" | "rejected";
  readonly error?: EventProblem;
}

export interface IngestOutcome {
  readonly accepted: number;
  readonly rejected: number;
  readonly results: readonly EventResult[];
}

/** Writes rejected events to the DLQ topic; rejects with a ProduceError when the DLQ did not acknowledge. */
export type DeadLetterWriter = (letters: readonly DeadLetter[]) => Promise<void>;

export interface IngestDeps {
  readonly batcher: Batcher;
  readonly deadLetter: DeadLetterWriter;
  readonly metrics: Metrics;
  /** max.message.bytes of the main topic when known: larger records are refused up front, not mid-batch. */
  readonly maxRecordBytes: () => number | undefined;
  /** Seconds a client should wait before retrying after a 503. */
  readonly retryAfterSeconds: number;
}

export function createDeadLetterWriter(
  port: KafkaPort,
  topic: string,
  maxPayloadBytes: number,
  timeoutMs: number,
  withTimeout: <T>(p: Promise<T>, ms: number, what: string) => Promise<T>,
): DeadLetterWriter {
  return async (letters) => {
    if (letters.length === 0) return;
    const records = letters.map((l) => deadLetterRecord(l, maxPayloadBytes));
    await withTimeout(port.send(topic, records), timeoutMs, "dead-letter batch");
  };
}

interface RequestContext {
  readonly requestId: string;
  readonly receivedAt: string;
}

/**
 * The service's promise in one function: every event reported `accepted` was acknowledged by Kafka;
 * every rejected one is in the DLQ with its reason; anything else answers 503 so the client retries.
 */
export async function ingest(
  received: readonly ReceivedEvent[],
  ctx: RequestContext,
  deps: IngestDeps,
): Promise<IngestOutcome> {
  const results: EventResult[] = new Array<EventResult>(received.length);
  const letters: DeadLetter[] = [];
  const toSend: { index: number; id: string; record: ReturnType<typeof toRecord> }[] = [];
  const maxRecord = deps.maxRecordBytes();
  const reject = (
    index: number,
    p: EventProblem,
    letter: Omit<DeadLetter, "problem" | "requestId" | "receivedAt">,
  ) => {
    results[index] = {
      index,
      ...(letter.attributes?.id ? { id: letter.attributes.id } : {}),
      status: "rejected",
      error: p,
    };
    letters.push({ problem: p, requestId: ctx.requestId, receivedAt: ctx.receivedAt, ...letter });
  };

  for (const item of received) {
    if (!item.ok) {
      reject(item.index, item.problem, { payload: item.raw, attributes: item.partial });
      continue;
    }
    const record = toRecord(item.event);
    if (maxRecord !== undefined && record.size > maxRecord) {
      const p = problem(
        "RECORD_REJECTED",
        `record of ~${record.size} bytes exceeds the topic's max.message.bytes (${maxRecord})`,
      );
      reject(item.index, p, { payload: item.raw, attributes: item.event });
      continue;
    }
    toSend.push({ index: item.index, id: item.event.id, record });
  }

  const [outcomes, firstDlq] = await Promise.all([
    deps.batcher.enqueue(toSend.map((s) => s.record)),
    deps.deadLetter(letters).then(
      () => undefined,
      (err: unknown) => err,
    ),
  ]);

  // A retriable failure of any of our records: nothing may be reported as a failure of the events.
  const retriable = outcomes.find((o) => !o.ok && o.error.retriable);
  if (retriable !== undefined && !retriable.ok) {
    deps.metrics.kafkaErrors.inc({ kind: retriable.error.kind });
    throw new HttpError("KAFKA_UNAVAILABLE", undefined, {}, deps.retryAfterSeconds);
  }
  const lateLetters: DeadLetter[] = [];
  let accepted = 0;
  outcomes.forEach((o, i) => {
    const sent = toSend[i];
    if (sent === undefined) return;
    if (o.ok) {
      accepted++;
      results[sent.index] = { index: sent.index, id: sent.id, status: "accepted" };
      return;
    }
    deps.metrics.kafkaErrors.inc({ kind: o.error.kind });
    const p = problem("RECORD_REJECTED", o.error.message);
    const item = received[sent.index];
    results[sent.index] = { index: sent.index, id: sent.id, status: "rejected", error: p };
    lateLetters.push({
      problem: p,
      requestId: ctx.requestId,
      receivedAt: ctx.receivedAt,
      payload: item?.raw ?? "",
      attributes: item?.ok ? item.event : undefined,
    });
  });
  const lateDlq = await deps.deadLetter(lateLetters).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (firstDlq !== undefined || lateDlq !== undefined) {
    deps.metrics.kafkaErrors.inc({ kind: "dlq" });
    // Accepted events are in Kafka, but rejected ones are not safely recorded: the client must retry.
    throw new HttpError("DLQ_UNAVAILABLE", undefined, {}, deps.retryAfterSeconds);
  }
  const allLetters = [...letters, ...lateLetters];
  deps.metrics.events.inc({ outcome: "accepted" }, accepted);
  if (allLetters.length > 0) {
    deps.metrics.events.inc({ outcome: "rejected" }, allLetters.length);
    deps.metrics.events.inc({ outcome: "dlq" }, allLetters.length);
    for (const l of allLetters) deps.metrics.dlqEvents.inc({ reason: l.problem.code });
  }
  return { accepted, rejected: allLetters.length, results };
}
