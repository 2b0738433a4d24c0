import { HttpError, problem, type EventProblem } from "./errors.js";
import type { InvalidBodyError } from "./events/decode.js";
import type { ReceivedEvent } from "./events/types.js";
import { ANONYMOUS } from "./edge/api-keys.js";

import type { DeadLetter, DeadLetterWriter } from "./kafka/dlq.js";
import { toRecord } from "./kafka/record.js";
import type { RecordSender } from "./kafka/sender.js";
import type { Metrics } from "./metrics.js";
import type { EventValidator } from "./schema/index.js";

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

export interface IngestDeps {
  readonly sender: RecordSender;
  readonly deadLetter: DeadLetterWriter;
  readonly metrics: Metrics;
  /** max.message.bytes of the main topic when known: larger records are refused up front, not mid-batch. */
  readonly maxRecordBytes: () => number | undefined;
  /** Seconds a client should wait before retrying after a 503. */
  readonly retryAfterSeconds: number;
  /** Per-type JSON Schema of the data (SCHEMA_MODE); absent: nothing validated. */
  readonly validateEvent?: EventValidator | undefined;
}

export interface RequestContext {
  readonly requestId: string;
  readonly receivedAt: string;
  /** The API key's id (`ingest_key_id` on every record); absent without auth. */
  readonly keyId?: string | undefined;
}

/** Counts a request's events by its key's id (ANONYMOUS without auth): ingestor_key_events_total. */
export function countKeyEvents(
  metrics: Metrics,
  keyId: string | undefined,
  outcome: "accepted" | "rejected" | "rate_limited",
  events: number,
): void {
  if (events > 0) metrics.keyEvents.inc({ key_id: keyId ?? ANONYMOUS, outcome }, events);
}

/**
 * Writes dead letters. A retriable failure answers 503 DLQ_UNAVAILABLE (the client retries); a letter the
 * DLQ refuses permanently leaves its event rejected with its own 4xx reason, since no retry could land it.
 */
async function writeLetters(letters: readonly DeadLetter[], deps: IngestDeps): Promise<void> {
  if (letters.length === 0) return;
  const deliveries = await deps.deadLetter(letters);
  if (deliveries.some((d) => !d.ok && d.error.retriable)) {
    deps.metrics.kafkaErrors.inc({ kind: "dlq" });
    throw new HttpError("DLQ_UNAVAILABLE", { retryAfterSeconds: deps.retryAfterSeconds });
  }
  let written = 0;
  deliveries.forEach((d, i) => {
    const letter = letters[i];
    if (!d.ok || letter === undefined) return;
    written++;
    deps.metrics.dlqEvents.inc({ reason: letter.problem.code });
  });
  deps.metrics.events.inc({ outcome: "dlq" }, written);
  if (written < letters.length) deps.metrics.kafkaErrors.inc({ kind: "dlq" });
}

/** A body that could not be taken apart into events: dead-lettered whole, then answered with its code. */
export async function rejectBody(
  err: InvalidBodyError,
  ctx: RequestContext,
  deps: IngestDeps,
): Promise<never> {
  await writeLetters([{ problem: err, payload: err.payload, ...ctx }], deps);
  deps.metrics.events.inc({ outcome: "rejected" });
  countKeyEvents(deps.metrics, ctx.keyId, "rejected", 1);
  throw err;
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
  const reject = (index: number, p: EventProblem, letter: Pick<DeadLetter, "payload" | "attributes">) => {
    const id = letter.attributes?.id;
    results[index] = { index, ...(id ? { id } : {}), status: "rejected", error: p };
    letters.push({ problem: p, ...ctx, ...letter });
  };

  for (const item of received) {
    if (!item.ok) {
      reject(item.index, item.problem, { payload: item.raw, attributes: item.partial });
      continue;
    }
    const violation = deps.validateEvent?.(item.event);
    if (violation !== undefined) {
      reject(item.index, violation, { payload: item.raw, attributes: item.event });
      continue;
    }
    const record = toRecord(item.event, ctx.keyId);
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

  // Dead letters first: when the DLQ is down the request answers 503 before any of its events was written,
  // so the client's retry does not write them a second time.
  await writeLetters(letters, deps);
  const early = letters.length;
  const outcomes = await deps.sender.enqueue(toSend.map((s) => s.record));
  // A retriable failure of any of our records: nothing may be reported as a failure of the events.
  if (outcomes.some((o) => !o.ok && o.error.retriable)) {
    throw new HttpError("KAFKA_UNAVAILABLE", { retryAfterSeconds: deps.retryAfterSeconds });
  }
  let accepted = 0;
  outcomes.forEach((o, i) => {
    const sent = toSend[i];
    if (sent === undefined) return;
    if (o.ok) {
      accepted++;
      results[sent.index] = { index: sent.index, id: sent.id, status: "accepted" };
      return;
    }
    const item = received[sent.index];
    reject(sent.index, problem("RECORD_REJECTED", o.error.message), {
      payload: item?.raw ?? "",
      attributes: item?.ok ? item.event : undefined,
    });
  });
  await writeLetters(letters.slice(early), deps);
  deps.metrics.events.inc({ outcome: "accepted" }, accepted);
  deps.metrics.events.inc({ outcome: "rejected" }, letters.length);
  countKeyEvents(deps.metrics, ctx.keyId, "accepted", accepted);
  countKeyEvents(deps.metrics, ctx.keyId, "rejected", letters.length);
  return { accepted, rejected: letters.length, results };
}
