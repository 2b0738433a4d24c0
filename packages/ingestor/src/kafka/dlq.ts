import type { EventProblem } from "../errors.js";
import type { IngestEvent, RawPayload } from "../events/types.js";
import { deliver } from "./deliver.js";
import type { Delivery, KafkaPort, OutRecord } from "./port.js";
import { KEY_ID_HEADER, recordSize } from "./record.js";

/** What is known about one rejected event when it is dead-lettered. */
export interface DeadLetter {
  readonly problem: EventProblem;
  readonly payload: RawPayload;
  readonly requestId: string;
  readonly receivedAt: string;
  /** The request's API key id (`ingest_key_id` header); absent without auth. */
  readonly keyId?: string | undefined;
  /** CloudEvent attributes known despite the rejection (for the `ce_*` headers). */
  readonly attributes?: Partial<Pick<IngestEvent, "id" | "type" | "source">> | undefined;
}

/** The DLQ record value: a JSON envelope. Documented in README.md ("Dead-letter topic"). */
export interface DeadLetterEnvelope {
  readonly reason: string;
  readonly message: string;
  readonly receivedAt: string;
  readonly requestId: string;
  readonly payload: string;
  readonly payloadEncoding: "utf8" | "base64";
  readonly truncated: boolean;
  /** The original payload's size in bytes, when it was truncated. */
  readonly payloadBytes?: number;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8", { fatal: false });

function payloadText(
  payload: RawPayload,
  maxBytes: number,
): Pick<DeadLetterEnvelope, "payload" | "payloadEncoding" | "truncated"> {
  if (typeof payload === "string") {
    const bytes = Buffer.from(payload);
    if (bytes.length <= maxBytes) return { payload, payloadEncoding: "utf8", truncated: false };
    // Cut on a byte budget; a split multi-byte character at the end is dropped rather than mangled.
    const cut = lenientUtf8.decode(bytes.subarray(0, maxBytes)).replace(/\uFFFD$/, "");
    return { payload: cut, payloadEncoding: "utf8", truncated: true };
  }
  const truncated = payload.length > maxBytes;
  const bytes = truncated ? payload.subarray(0, maxBytes) : payload;
  try {
    return { payload: strictUtf8.decode(bytes), payloadEncoding: "utf8", truncated };
  } catch {
    // Bytes that are not text (invalid UTF-8 bodies, binary CloudEvent data) travel as base64.
    return { payload: bytes.toString("base64"), payloadEncoding: "base64", truncated };
  }
}

function payloadSize(payload: RawPayload): number {
  return typeof payload === "string" ? Buffer.byteLength(payload) : payload.length;
}

function envelopeBytes(letter: DeadLetter, maxPayloadBytes: number): Buffer {
  const text = payloadText(letter.payload, maxPayloadBytes);
  const envelope: DeadLetterEnvelope = {
    reason: letter.problem.code,
    message: letter.problem.message.slice(0, 4096),
    receivedAt: letter.receivedAt,
    requestId: letter.requestId,
    ...text,
    ...(text.truncated ? { payloadBytes: payloadSize(letter.payload) } : {}),
  };
  return Buffer.from(JSON.stringify(envelope));
}

/**
 * The dead letter of one rejected event, at most `maxRecordBytes` as a record. JSON escaping can make a
 * payload up to six times longer (a control character becomes `\u0000`), so the payload is cut further
 * until the envelope fits, and the envelope says so (`truncated`, `payloadBytes`).
 */
export function deadLetterRecord(
  letter: DeadLetter,
  maxPayloadBytes: number,
  maxRecordBytes = Infinity,
): OutRecord {
  const headers: Record<string, string> = {
    dlq_reason: letter.problem.code,
    dlq_error: letter.problem.message.slice(0, 1024),
    "content-type": "application/json",
  };
  const a = letter.attributes;
  if (a?.id !== undefined) headers["ce_id"] = a.id;
  if (a?.type !== undefined) headers["ce_type"] = a.type;
  if (a?.source !== undefined) headers["ce_source"] = a.source;
  if (a !== undefined && (a.id ?? a.type ?? a.source) !== undefined) headers["ce_specversion"] = "1.0";
  if (letter.keyId !== undefined) headers[KEY_ID_HEADER] = letter.keyId;
  const maxValue = maxRecordBytes - recordSize(null, null, headers);
  let budget = maxPayloadBytes;
  let value = envelopeBytes(letter, budget);
  while (value.length > maxValue && budget > 0) {
    // Shrink in proportion to the overshoot (less a margin for the escaping) until the envelope fits.
    budget = Math.max(0, Math.floor((budget * maxValue) / value.length) - 64);
    value = envelopeBytes(letter, budget);
  }
  return { key: null, value, headers, size: recordSize(null, value, headers) };
}

/** Kafka's default max.message.bytes, assumed while the DLQ topic's own limit is unknown. */
const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
/** A record batch's own header (61 bytes) and slack for the estimate. */
const BATCH_OVERHEAD = 128;

export interface DeadLetterWriterOptions {
  readonly port: KafkaPort;
  readonly topic: string;
  readonly maxPayloadBytes: number;
  readonly timeoutMs: number;
  /** KAFKA_BATCH_MAX_BYTES: no produce request grows past it. */
  readonly batchMaxBytes: number;
  /** The DLQ topic's max.message.bytes, when known. */
  readonly maxMessageBytes: () => number | undefined;
}

/** Writes dead letters; one outcome per letter, in order. Never rejects. */
export type DeadLetterWriter = (letters: readonly DeadLetter[]) => Promise<readonly Delivery[]>;

/**
 * Dead letters go out in as many produce requests as their size needs, each within the DLQ topic's limit
 * (all keyless letters of a request land in one partition, i.e. one record batch): one request for all of
 * them was refused as too large whenever a body carried many big invalid events, so they never landed.
 */
export function createDeadLetterWriter(o: DeadLetterWriterOptions): DeadLetterWriter {
  return async (letters) => {
    if (letters.length === 0) return [];
    const cap = Math.min(o.batchMaxBytes, o.maxMessageBytes() ?? DEFAULT_MAX_MESSAGE_BYTES) - BATCH_OVERHEAD;
    const records = letters.map((l) => deadLetterRecord(l, o.maxPayloadBytes, cap));
    const chunks: OutRecord[][] = [];
    let bytes = Infinity;
    for (const r of records) {
      if (bytes + r.size > cap) {
        chunks.push([]);
        bytes = 0;
      }
      chunks.at(-1)?.push(r);
      bytes += r.size;
    }
    const sent = await Promise.all(chunks.map((chunk) => deliver(o.port, o.topic, chunk, o.timeoutMs)));
    return sent.flat();
  };
}
