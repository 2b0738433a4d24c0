import { describe, expect, it } from "vitest";
import {
  BATCH_EVENTS,
  EVENT_BYTES,
  binaryCloudEvent,
  ceilingBatches,
  jsonArray,
  makeEvent,
  ndjson,
  recordId,
  recordPayloadBytes,
  scenarioRecordBytes,
  singleJson,
  toCeilingRecord,
  workloads,
} from "./scenarios.js";

describe("payload builders", () => {
  it("S1 and S4 carry one event per request, S2 and S3 a batch of 100", () => {
    const counts = Object.values(workloads()).map((w) => [w.id, w.eventsPerRequest]);
    expect(Object.fromEntries(counts)).toEqual({ S1: 1, S2: 100, S3: 100, S4: 1 });
  });

  it("makeEvent serialises to exactly the target size, whatever the sequence number", () => {
    for (const seq of [0, 7, 123_456, 9_999_999]) {
      expect(Buffer.byteLength(JSON.stringify(makeEvent(seq)))).toBe(EVENT_BYTES);
    }
    expect(Buffer.byteLength(JSON.stringify(makeEvent(1, 400)))).toBe(400);
  });

  it("S1 sends one plain JSON event with a type", () => {
    const w = singleJson();
    const parsed: unknown = JSON.parse(w.body);
    expect(parsed).toMatchObject({ type: "com.example.order.created" });
    expect(w.eventsPerRequest).toBe(1);
    expect(w.headers["content-type"]).toBe("application/json");
  });

  it("S2 sends a JSON array of 100 events of the same size as S1's", () => {
    const w = jsonArray();
    const parsed: unknown = JSON.parse(w.body);
    expect(Array.isArray(parsed) && parsed.length).toBe(BATCH_EVENTS);
    expect(w.eventsPerRequest).toBe(BATCH_EVENTS);
    expect(Buffer.byteLength(w.body)).toBe(BATCH_EVENTS * EVENT_BYTES + BATCH_EVENTS - 1 + 2);
  });

  it("S3 sends one event per NDJSON line", () => {
    const w = ndjson(5);
    const lines = w.body.split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty("type");
    expect(w.headers["content-type"]).toBe("application/x-ndjson");
  });

  it("S4 carries the CloudEvent attributes in ce-* headers and only the data in the body", () => {
    const w = binaryCloudEvent();
    expect(w.headers).toMatchObject({ "ce-specversion": "1.0", "ce-type": "com.example.order.created" });
    expect(w.headers["ce-id"]).toHaveLength(36);
    expect(w.headers["ce-source"]).toBe("/bench/load-generator");
    const data: unknown = JSON.parse(w.body);
    expect(data).toHaveProperty("orderId");
    expect(data).not.toHaveProperty("type");
  });
});

describe("Kafka ceiling records", () => {
  it("mirror the ingestor's binary-mode record: ce_* headers, value = the event's data", () => {
    const event = makeEvent(3);
    const r = toCeilingRecord(event, recordId(3), "2026-01-01T00:00:00.000Z");
    expect(r.key).toBeNull();
    expect(JSON.parse(r.value.toString())).toEqual(event.data);
    expect(r.headers).toMatchObject({
      ce_specversion: "1.0",
      ce_type: event.type,
      ce_source: event.source,
      ce_subject: event.subject,
      ce_time: "2026-01-01T00:00:00.000Z",
      "content-type": "application/json",
    });
  });

  it("recordId gives distinct 36-character ids", () => {
    const ids = new Set([0, 1, 255, 4096, 1e9].map(recordId));
    expect(ids.size).toBe(5);
    for (const id of ids) expect(id).toHaveLength(36);
  });

  it("ceilingBatches gives one batch per partition, every record of a batch on that partition", () => {
    const batches = ceilingBatches(4, 3, new Date(0));
    expect(batches).toHaveLength(3);
    batches.forEach((batch, p) => {
      expect(batch).toHaveLength(4);
      for (const r of batch) expect(r.partition).toBe(p);
    });
    const ids = batches.flat().map((r) => r.headers["ce_id"]);
    expect(new Set(ids).size).toBe(12);
  });
});

describe("K_java's record size", () => {
  it("is the S2/S3 record's key, value and header bytes", () => {
    const r = toCeilingRecord(makeEvent(3), recordId(3), "2026-12-02T05:00:00.000Z");
    const headerBytes = Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(recordPayloadBytes(r)).toBe(r.value.length + headerBytes);
    expect(scenarioRecordBytes()).toBe(recordPayloadBytes(r));
    expect(scenarioRecordBytes()).toBeGreaterThan(300);
  });
});
