import type { EventProblem } from "../errors.js";
import type { IngestEvent, RawPayload } from "../events/types.js";
import type { OutRecord } from "./port.js";
import { recordSize } from "./record.js";

/** What is known about one rejected event when it is dead-lettered. */
export interface DeadLetter {
  readonly problem: EventProblem;
  readonly payload: RawPayload;
  readonly requestId: string;
  readonly receivedAt: string;
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

export function deadLetterRecord(letter: DeadLetter, maxPayloadBytes: number): OutRecord {
  const envelope: DeadLetterEnvelope = {
    reason: letter.problem.code,
    message: letter.problem.message,
    receivedAt: letter.receivedAt,
    requestId: letter.requestId,
    ...payloadText(letter.payload, maxPayloadBytes),
  };
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
  const value = Buffer.from(JSON.stringify(envelope));
  return { key: null, value, headers, size: recordSize(null, value, headers) };
}
