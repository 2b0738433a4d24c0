import { describe, expect, it } from "vitest";
import { problem } from "../errors.js";
import { deadLetterRecord, type DeadLetter, type DeadLetterEnvelope } from "./dlq.js";

const letter: DeadLetter = {
  problem: problem("INVALID_EVENT", "'type' is required"),
  payload: '{"id":"x"}',
  requestId: "req-1",
  receivedAt: "2025-03-04T05:06:07.089Z",
};

const envelopeOf = (l: DeadLetter, max = 1024): DeadLetterEnvelope =>
  JSON.parse(deadLetterRecord(l, max).value?.toString() ?? "") as DeadLetterEnvelope;

describe("deadLetterRecord", () => {
  it("wraps the original text in the documented JSON envelope", () => {
    expect(envelopeOf(letter)).toEqual({
      reason: "INVALID_EVENT",
      message: "'type' is required",
      receivedAt: "2025-03-04T05:06:07.089Z",
      requestId: "req-1",
      payload: '{"id":"x"}',
      payloadEncoding: "utf8",
      truncated: false,
    });
  });

  it("carries dlq_reason and dlq_error headers, and no ce_* headers when no attribute is known", () => {
    const r = deadLetterRecord(letter, 1024);
    expect(r.headers).toEqual({
      dlq_reason: "INVALID_EVENT",
      dlq_error: "'type' is required",
      "content-type": "application/json",
    });
    expect(r.key).toBeNull();
  });

  it("adds the ce_* headers that are known", () => {
    const r = deadLetterRecord({ ...letter, attributes: { id: "e-1", type: "t" } }, 1024);
    expect(r.headers).toMatchObject({ ce_specversion: "1.0", ce_id: "e-1", ce_type: "t" });
    expect(r.headers["ce_source"]).toBeUndefined();
  });

  it("truncates the payload to DLQ_MAX_PAYLOAD_BYTES and says so", () => {
    const e = envelopeOf({ ...letter, payload: "a".repeat(100) }, 10);
    expect(e.payload).toBe("a".repeat(10));
    expect(e.truncated).toBe(true);
  });

  it("cuts on a byte budget without leaving half a multi-byte character", () => {
    const e = envelopeOf({ ...letter, payload: "aé€" }, 4);
    expect(e.payload).toBe("aé");
    expect(e.truncated).toBe(true);
  });

  it("sends bytes that are valid UTF-8 as text", () => {
    const e = envelopeOf({ ...letter, payload: Buffer.from("plain text") });
    expect(e).toMatchObject({ payload: "plain text", payloadEncoding: "utf8", truncated: false });
  });

  it("sends bytes that are not UTF-8 as base64, truncated like text", () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]);
    expect(envelopeOf({ ...letter, payload: bytes })).toMatchObject({
      payload: bytes.toString("base64"),
      payloadEncoding: "base64",
      truncated: false,
    });
    expect(envelopeOf({ ...letter, payload: bytes }, 3)).toMatchObject({
      payload: bytes.subarray(0, 3).toString("base64"),
      payloadEncoding: "base64",
      truncated: true,
    });
  });

  it("keeps dlq_error within 1024 characters", () => {
    const r = deadLetterRecord({ ...letter, problem: problem("INVALID_JSON", "m".repeat(5000)) }, 1024);
    expect(r.headers["dlq_error"]).toHaveLength(1024);
  });
});
