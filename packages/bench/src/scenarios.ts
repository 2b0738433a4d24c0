/**
 * The benchmark's workloads: request bodies for S1-S4 and the Kafka records the K ceiling produces. Pure
 * functions, so the payloads the report talks about are unit-tested.
 */

/** Scenario ids in the results file. */
export type ScenarioId = "S1" | "S2" | "S3" | "S4";

/** A request shape: body, headers and how many events one request carries. */
export interface Workload {
  readonly id: ScenarioId;
  readonly title: string;
  readonly eventsPerRequest: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A plain event as clients post it to the ingestor (only `type` is required). */
export interface PlainEvent {
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly data: Readonly<Record<string, string | number>>;
}

export const EVENT_TYPE = "com.example.order.created";
export const EVENT_SOURCE = "/bench/load-generator";
/** Target size of one serialised plain event, in bytes (the "~250-byte JSON event"). */
export const EVENT_BYTES = 250;
export const BATCH_EVENTS = 100;

/**
 * One event of exactly `bytes` serialised bytes (when `bytes` leaves room for the fixed fields): the
 * `note` field pads it, so every scenario moves the same amount of event data.
 * @param seq distinguishes events (subject and order id) without changing the size.
 * @param bytes serialised size to reach.
 */
export function makeEvent(seq = 0, bytes = EVENT_BYTES): PlainEvent {
  const tag = String(seq % 1_000_000).padStart(6, "0");
  const base: PlainEvent = {
    type: EVENT_TYPE,
    source: EVENT_SOURCE,
    subject: `order-${tag}`,
    data: {
      orderId: `ord-${tag}`,
      customerId: "cus-51b2",
      amount: 129.95,
      currency: "EUR",
      items: 3,
      note: "",
    },
  };
  const pad = Math.max(0, bytes - JSON.stringify(base).length);
  return { ...base, data: { ...base.data, note: "x".repeat(pad) } };
}

/** S1: one JSON event per request. */
export function singleJson(): Workload {
  return {
    id: "S1",
    title: "1 JSON event / request",
    eventsPerRequest: 1,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(makeEvent(1)),
  };
}

/** S2: a JSON array of `n` events per request. */
export function jsonArray(n = BATCH_EVENTS): Workload {
  const events = Array.from({ length: n }, (_, i) => makeEvent(i));
  return {
    id: "S2",
    title: `JSON array of ${n} / request`,
    eventsPerRequest: n,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(events),
  };
}

/** S3: `n` NDJSON lines per request. */
export function ndjson(n = BATCH_EVENTS): Workload {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify(makeEvent(i)));
  return {
    id: "S3",
    title: `NDJSON ${n} lines / request`,
    eventsPerRequest: n,
    headers: { "content-type": "application/x-ndjson" },
    body: `${lines.join("\n")}\n`,
  };
}

/** S4: one binary-mode CloudEvent per request: attributes in `ce-*` headers, the body is the data. */
export function binaryCloudEvent(): Workload {
  const event = makeEvent(4);
  return {
    id: "S4",
    title: "binary CloudEvent / request",
    eventsPerRequest: 1,
    headers: {
      "content-type": "application/json",
      "ce-specversion": "1.0",
      "ce-id": "0190f6d2-7c1e-7a3b-9f10-3c5e8d2b4a61",
      "ce-type": event.type,
      "ce-source": event.source,
      "ce-subject": event.subject,
    },
    body: JSON.stringify(event.data),
  };
}

/** Every workload by id. */
export function workloads(): Readonly<Record<ScenarioId, Workload>> {
  return { S1: singleJson(), S2: jsonArray(), S3: ndjson(), S4: binaryCloudEvent() };
}

/** A Kafka record as the K ceiling hands it to kafkajs. */
export interface CeilingRecord {
  readonly key: null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The record the ingestor writes for `event` (CloudEvents Kafka binding, binary mode: `ce_*` headers,
 * value = data), so the K ceiling moves the same bytes per event as S2 and S3 do.
 * @param id the event id (a UUIDv7 in the service; any 36-character id has the same size).
 * @param time the receive time, RFC 3339.
 */
export function toCeilingRecord(event: PlainEvent, id: string, time: string): CeilingRecord {
  return {
    key: null,
    value: Buffer.from(JSON.stringify(event.data)),
    headers: {
      ce_specversion: "1.0",
      ce_id: id,
      ce_source: event.source,
      ce_type: event.type,
      ce_time: time,
      ce_subject: event.subject,
      "content-type": "application/json",
    },
  };
}

/** A 36-character, UUID-shaped id for record `n` (unique within a run; the size is what matters). */
export function recordId(n: number): string {
  const hex = n.toString(16).padStart(12, "0").slice(-12);
  return `0190f6d2-7c1e-7a3b-9f10-${hex}`;
}

/**
 * The K ceiling's batches: one per partition, each `batchRecords` records of S2/S3 events. Keyless
 * records share a sticky partition per batch, as the ingestor's batcher does.
 * @param now the receive time stamped on every record.
 */
export function ceilingBatches(
  batchRecords: number,
  partitions: number,
  now: Date,
): (CeilingRecord & { readonly partition: number })[][] {
  const time = now.toISOString();
  return Array.from({ length: partitions }, (_, partition) =>
    Array.from({ length: batchRecords }, (_, i) => ({
      ...toCeilingRecord(makeEvent(i), recordId(partition * batchRecords + i), time),
      partition,
    })),
  );
}

/**
 * Bytes a record carries besides Kafka's own framing: its value and each header's name and value. The
 * K_java ceiling (ProducerPerformance, which sends no headers) sends values of this size, so it moves as
 * many bytes per record as the ingestor does for an S2/S3 event.
 */
export function recordPayloadBytes(record: CeilingRecord): number {
  const headers = Object.entries(record.headers).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
  // Keyless, as the ingestor writes keyless events (CeilingRecord.key is always null).
  return record.value.length + headers;
}

/** The record size K_java sends: that of the S2/S3 events' records (all the same size). */
export function scenarioRecordBytes(): number {
  const first = ceilingBatches(1, 1, new Date())[0]?.[0];
  if (first === undefined) throw new Error("no ceiling record");
  return recordPayloadBytes(first);
}
