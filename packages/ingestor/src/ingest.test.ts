import { describe, expect, it } from "vitest";
import type { DeadLetterEnvelope } from "./kafka/dlq.js";
import type { OutRecord } from "./kafka/port.js";
import { permanentError, retriableError } from "./testing/fake-port.js";
import { createHarness, DLQ_TOPIC, errorCode, json, RECEIVED_AT, TOPIC } from "./testing/harness.js";

const envelope = (r: OutRecord | undefined): DeadLetterEnvelope =>
  JSON.parse(r?.value?.toString() ?? "null") as DeadLetterEnvelope;

const withId = (id: string) => ({ "content-type": "application/json", "x-request-id": id });

describe("dead-lettering", () => {
  it("writes an invalid event to the DLQ with the envelope and the ce_* headers it knows", async () => {
    const h = await createHarness();
    const bad = '{"type":"t","id":"e-1","source":"/s","colour":"red"}';
    const res = await h.post(`[{"type":"ok"},${bad}]`, withId("req-7"));
    expect(res.status).toBe(207);
    const [dead] = h.port.records(DLQ_TOPIC);
    expect(envelope(dead)).toEqual({
      reason: "INVALID_EVENT",
      message: expect.stringContaining("unknown field 'colour'") as unknown,
      receivedAt: RECEIVED_AT,
      requestId: "req-7",
      payload: bad,
      payloadEncoding: "utf8",
      truncated: false,
    });
    expect(dead?.headers).toMatchObject({
      dlq_reason: "INVALID_EVENT",
      dlq_error: expect.stringContaining("unknown field") as unknown,
      ce_specversion: "1.0",
      ce_id: "e-1",
      ce_type: "t",
      ce_source: "/s",
    });
    expect(h.port.records(TOPIC)).toHaveLength(1);
  });

  it("writes an unparseable body to the DLQ whole, with no ce_* headers", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":', withId("req-8"));
    expect(res.status).toBe(400);
    const [dead] = h.port.records(DLQ_TOPIC);
    expect(envelope(dead)).toMatchObject({ reason: "INVALID_JSON", requestId: "req-8", payload: '{"type":' });
    expect(Object.keys(dead?.headers ?? {}).filter((k) => k.startsWith("ce_"))).toEqual([]);
    expect(dead?.headers["dlq_reason"]).toBe("INVALID_JSON");
  });

  it("writes a body of invalid UTF-8 as base64", async () => {
    const h = await createHarness();
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    expect((await h.post(bytes)).status).toBe(400);
    expect(envelope(h.port.records(DLQ_TOPIC)[0])).toMatchObject({
      reason: "INVALID_UTF8",
      payload: bytes.toString("base64"),
      payloadEncoding: "base64",
    });
  });

  it("truncates the payload at DLQ_MAX_PAYLOAD_BYTES", async () => {
    const h = await createHarness({ env: { DLQ_MAX_PAYLOAD_BYTES: "16" } });
    await h.post(JSON.stringify({ type: "t", unknown: "x".repeat(100) }));
    expect(envelope(h.port.records(DLQ_TOPIC)[0])).toMatchObject({
      payload: '{"type":"t","unk',
      truncated: true,
    });
  });

  it("answers 503 DLQ_UNAVAILABLE with Retry-After when the DLQ write fails", async () => {
    const h = await createHarness();
    h.port.fail(DLQ_TOPIC, retriableError());
    const res = await h.post('[{"type":"ok"},{"nope":1}]');
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await errorCode(res)).toBe("DLQ_UNAVAILABLE");
  });

  it("answers 503 DLQ_UNAVAILABLE when an unparseable body cannot be dead-lettered for now", async () => {
    const h = await createHarness();
    h.port.fail(DLQ_TOPIC, retriableError());
    const res = await h.post("{{{");
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("DLQ_UNAVAILABLE");
    expect(res.headers.get("retry-after")).toBe("1");
  });

  it("answers the body's own 4xx, not a retriable 503, when the DLQ refuses its letter permanently", async () => {
    const h = await createHarness();
    h.port.fail(DLQ_TOPIC, permanentError());
    const res = await h.post("{{{");
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("INVALID_JSON");
  });

  it("writes dead letters before the events, so a DLQ outage leaves nothing of the request in the topic", async () => {
    const h = await createHarness();
    h.port.fail(DLQ_TOPIC, retriableError(), 1);
    const body = '[{"type":"ok","id":"good-1"},{"nope":1}]';
    expect((await h.post(body)).status).toBe(503);
    expect(h.port.sends(TOPIC)).toHaveLength(0);
    // The client's retry writes the good event once.
    expect((await h.post(body)).status).toBe(207);
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_id"])).toEqual(["good-1"]);
  });

  it("splits many large dead letters into produce requests that each fit the DLQ topic's max.message.bytes", async () => {
    const h = await createHarness({ env: { DLQ_MAX_PAYLOAD_BYTES: "16384" } });
    h.port.topics.set(DLQ_TOPIC, { partitions: 1, maxMessageBytes: 200_000 });
    await h.topics.refresh();
    // 64 unparseable lines of 16 KB of control characters: each escapes to ~96 KB of JSON (\u0001).
    const poison = "\u0001".repeat(16_000);
    const lines = ['{"type":"ok","id":"good"}', ...Array.from({ length: 64 }, (_, i) => `${i}${poison}`)];
    const res = await h.post(lines.join("\n"), { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(207);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 1, rejected: 64 });
    const letters = h.port.records(DLQ_TOPIC);
    expect(letters).toHaveLength(64);
    for (const call of h.port.sends(DLQ_TOPIC)) {
      expect(call.records.reduce((sum, r) => sum + r.size, 0)).toBeLessThanOrEqual(200_000);
    }
    expect(h.port.sends(DLQ_TOPIC).length).toBeGreaterThan(1);
    expect(envelope(letters[0])).toMatchObject({ reason: "INVALID_JSON", truncated: false });
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_id"])).toEqual(["good"]);
  });

  it("cuts an envelope that JSON escaping makes too large for the DLQ topic, and says by how much", async () => {
    const h = await createHarness({ env: { DLQ_MAX_PAYLOAD_BYTES: "16384" } });
    h.port.topics.set(DLQ_TOPIC, { partitions: 1, maxMessageBytes: 20_000 });
    await h.topics.refresh();
    const line = `x${"\u0001".repeat(16_000)}`;
    const res = await h.post(line, { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(400);
    const [letter] = h.port.records(DLQ_TOPIC);
    expect(letter?.size).toBeLessThanOrEqual(20_000);
    const e = envelope(letter);
    expect(e).toMatchObject({ reason: "INVALID_JSON", truncated: true, payloadBytes: 16_001 });
    expect(line.startsWith(e.payload)).toBe(true);
  });

  it("answers 503 DLQ_UNAVAILABLE when the DLQ does not acknowledge within the delivery timeout", async () => {
    const h = await createHarness({ env: { KAFKA_DELIVERY_TIMEOUT_MS: "100" } });
    h.port.fail(DLQ_TOPIC, "hang");
    const res = await h.post('{"nope":1}');
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("DLQ_UNAVAILABLE");
  });
});

describe("Kafka failures", () => {
  it("answers 503 KAFKA_UNAVAILABLE with Retry-After on a retriable failure, reporting nothing accepted", async () => {
    const h = await createHarness();
    h.port.fail(TOPIC, retriableError(), 1);
    const res = await h.post('[{"type":"a"},{"type":"b"}]');
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    const body = await json(res);
    expect(body).toEqual({ error: { code: "KAFKA_UNAVAILABLE", message: expect.any(String) as unknown } });
    expect(h.port.records(DLQ_TOPIC)).toHaveLength(0);
    expect((await h.post('[{"type":"a"},{"type":"b"}]')).status).toBe(202);
  });

  it("answers 503 when Kafka does not acknowledge within KAFKA_DELIVERY_TIMEOUT_MS", async () => {
    const h = await createHarness({ env: { KAFKA_DELIVERY_TIMEOUT_MS: "100" } });
    h.port.fail(TOPIC, "hang");
    const started = Date.now();
    const res = await h.post('{"type":"a"}');
    expect(res.status).toBe(503);
    expect(await errorCode(res)).toBe("KAFKA_UNAVAILABLE");
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("rejects a record Kafka refuses permanently as RECORD_REJECTED, dead-letters it, accepts the rest", async () => {
    const h = await createHarness();
    h.port.failRecords(TOPIC, (r) => r.headers["ce_id"] === "poison", permanentError());
    const res = await h.post(
      JSON.stringify([
        { type: "t", id: "a" },
        { type: "t", id: "poison" },
        { type: "t", id: "c" },
      ]),
      withId("req-9"),
    );
    expect(res.status).toBe(207);
    expect((await json(res))["results"]).toEqual([
      { index: 0, id: "a", status: "accepted" },
      {
        index: 1,
        id: "poison",
        status: "rejected",
        error: { code: "RECORD_REJECTED", message: "MESSAGE_TOO_LARGE" },
      },
      { index: 2, id: "c", status: "accepted" },
    ]);
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_id"])).toEqual(["a", "c"]);
    const [dead] = h.port.records(DLQ_TOPIC);
    expect(dead?.headers).toMatchObject({ dlq_reason: "RECORD_REJECTED", ce_id: "poison", ce_type: "t" });
    expect(envelope(dead)).toMatchObject({
      reason: "RECORD_REJECTED",
      requestId: "req-9",
      payload: '{"type":"t","id":"poison"}',
    });
  });

  it("answers 400 RECORD_REJECTED when Kafka refuses the only event", async () => {
    const h = await createHarness();
    h.port.fail(TOPIC, permanentError());
    const res = await h.post('{"type":"t"}');
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("RECORD_REJECTED");
    expect(h.port.records(DLQ_TOPIC)).toHaveLength(1);
  });

  it("refuses a record larger than the topic's max.message.bytes up front, never sending it", async () => {
    const h = await createHarness({ maxMessageBytes: 1_000 });
    const big = { type: "big", id: "big-1", data: "x".repeat(1_000) };
    const res = await h.post(JSON.stringify([{ type: "small", id: "s-1" }, big]));
    expect(res.status).toBe(207);
    expect((await json(res))["results"]).toMatchObject([
      { index: 0, status: "accepted" },
      { index: 1, id: "big-1", status: "rejected", error: { code: "RECORD_REJECTED" } },
    ]);
    const sent = h.port.sends(TOPIC).flatMap((c) => c.records.map((r) => r.headers["ce_id"]));
    expect(sent).toEqual(["s-1"]);
    const [dead] = h.port.records(DLQ_TOPIC);
    expect(dead?.headers).toMatchObject({ dlq_reason: "RECORD_REJECTED", ce_id: "big-1" });
    expect(envelope(dead).payload).toBe(JSON.stringify(big));
  });

  it("counts events by outcome and DLQ events by reason", async () => {
    const h = await createHarness();
    await h.post('[{"type":"a"},{"type":"b"},{"x":1}]');
    await h.post("not json");
    const text = await h.metrics.registry.metrics();
    for (const line of [
      'ingestor_events_total{outcome="accepted"} 2',
      'ingestor_events_total{outcome="rejected"} 2',
      'ingestor_events_total{outcome="dlq"} 2',
      'ingestor_dlq_events_total{reason="INVALID_EVENT"} 1',
      'ingestor_dlq_events_total{reason="INVALID_JSON"} 1',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
  });
});
