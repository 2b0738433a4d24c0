import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeAll, type ConsumedRecord } from "../support/kafka.js";
import { postEvents, startOnNewTopics, type RunningIngestor } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");
let topic: string;
let dlq: string;
let svc: RunningIngestor;
let expectedRecords = 0;
let expectedDlq = 0;
const byId = new Map<string, ConsumedRecord>();

beforeAll(async () => {
  ({ svc, topic, dlq } = await startOnNewTopics(brokers, "forms"));
});

afterAll(async () => {
  expect(await svc.stop()).toBe(0);
});

function envelopeOf(record: ConsumedRecord): Record<string, unknown> {
  return JSON.parse(record.value?.toString() ?? "{}") as Record<string, unknown>;
}

async function consumed(): Promise<Map<string, ConsumedRecord>> {
  if (byId.size < expectedRecords) {
    for (const r of await consumeAll(brokers, topic, expectedRecords)) byId.set(r.headers["ce_id"] ?? "", r);
  }
  return byId;
}

describe("POST /events writes each body form as CloudEvents binary-mode records", () => {
  it("one plain JSON object, sent as curl sends it by default, becomes a record with ce_* headers", async () => {
    const res = await postEvents(svc.url, '{"type":"test"}', {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(202);
    const [id] = res.json["ids"] as string[];
    expectedRecords += 1;
    const record = (await consumed()).get(id ?? "");
    expect(record?.headers).toMatchObject({
      ce_specversion: "1.0",
      ce_type: "test",
      ce_source: "/event-ingestor",
    });
    expect(record?.headers["ce_time"]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(record?.value).toBeNull();
    expect(record?.key).toBeNull();
  });

  it("a JSON array keeps ids, keys and data; keyed events land on the key's partition", async () => {
    const events = [
      { type: "order.created", id: "arr-1", key: "customer-7", data: { total: 12 } },
      { type: "order.created", id: "arr-2", key: "customer-7", data: { total: 13 } },
      { type: "order.paid", id: "arr-3", source: "/shop", subject: "o-1", time: "2026-01-02T03:04:05Z" },
    ];
    const res = await postEvents(svc.url, JSON.stringify(events));
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ accepted: 3, ids: ["arr-1", "arr-2", "arr-3"] });
    expectedRecords += 3;
    const records = await consumed();
    const [a, b, c] = ["arr-1", "arr-2", "arr-3"].map((id) => records.get(id));
    expect(a?.key).toBe("customer-7");
    expect(JSON.parse(a?.value?.toString() ?? "null")).toEqual({ total: 12 });
    expect(a?.headers["content-type"]).toBe("application/json");
    expect(b?.partition).toBe(a?.partition);
    expect(c?.headers).toMatchObject({
      ce_source: "/shop",
      ce_subject: "o-1",
      ce_time: "2026-01-02T03:04:05Z",
    });
  });

  it("NDJSON: one record per line", async () => {
    const body = '{"type":"line","id":"nd-1"}\r\n\n{"type":"line","id":"nd-2","data":"x"}\n';
    const res = await postEvents(svc.url, body, { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(202);
    expectedRecords += 2;
    const records = await consumed();
    expect(records.get("nd-1")?.headers["ce_type"]).toBe("line");
    expect(records.get("nd-2")?.value?.toString()).toBe('"x"');
  });

  it("structured CloudEvents, single and batch, keep extensions and partitionkey", async () => {
    const single = {
      specversion: "1.0",
      id: "ce-1",
      source: "/sensors",
      type: "reading",
      datacontenttype: "text/plain",
      data: "21.5",
      region: "eu",
      partitionkey: "sensor-9",
    };
    const one = await postEvents(svc.url, JSON.stringify(single), {
      "content-type": "application/cloudevents+json",
    });
    expect(one.status).toBe(202);
    const batch = [
      {
        specversion: "1.0",
        id: "ceb-1",
        source: "/s",
        type: "t",
        data_base64: Buffer.from([0, 1, 2]).toString("base64"),
      },
      { specversion: "1.0", id: "ceb-2", source: "/s", type: "t", data: { ok: true } },
    ];
    const many = await postEvents(svc.url, JSON.stringify(batch), {
      "content-type": "application/cloudevents-batch+json",
    });
    expect(many.status).toBe(202);
    expectedRecords += 3;
    const records = await consumed();
    const r1 = records.get("ce-1");
    expect(r1?.key).toBe("sensor-9");
    expect(r1?.value?.toString()).toBe("21.5");
    expect(r1?.headers).toMatchObject({
      ce_region: "eu",
      "content-type": "text/plain",
      ce_source: "/sensors",
    });
    expect([...(records.get("ceb-1")?.value ?? [])]).toEqual([0, 1, 2]);
    expect(JSON.parse(records.get("ceb-2")?.value?.toString() ?? "null")).toEqual({ ok: true });
  });

  it("binary-mode CloudEvents: headers become ce_* headers and the body is the value, byte for byte", async () => {
    const data = Buffer.from([0xde, 0xad, 0xbe, 0xef]);
    const res = await postEvents(svc.url, data, {
      "content-type": "application/octet-stream",
      "ce-specversion": "1.0",
      "ce-id": "bin-1",
      "ce-type": "blob",
      "ce-source": "/uploads",
      "ce-subject": "file%20one",
      "ce-partitionkey": "k-bin",
    });
    expect(res.status).toBe(202);
    expectedRecords += 1;
    const record = (await consumed()).get("bin-1");
    expect(record?.value?.equals(data)).toBe(true);
    expect(record?.key).toBe("k-bin");
    expect(record?.headers).toMatchObject({
      ce_subject: "file one",
      "content-type": "application/octet-stream",
    });
  });

  it("a mixed batch answers 207 with per-event results and dead-letters the invalid ones with their reason", async () => {
    const body = JSON.stringify([
      { type: "ok", id: "mix-1" },
      { id: "mix-2" },
      42,
      { type: "ok", id: "mix-3", extra: 1 },
    ]);
    const res = await postEvents(svc.url, body, {
      "content-type": "application/json",
      "x-request-id": "req-mixed-1",
    });
    expect(res.status).toBe(207);
    expect(res.headers.get("x-request-id")).toBe("req-mixed-1");
    const results = res.json["results"] as { index: number; status: string; error?: { code: string } }[];
    expect(results.map((r) => [r.index, r.status, r.error?.code])).toEqual([
      [0, "accepted", undefined],
      [1, "rejected", "INVALID_EVENT"],
      [2, "rejected", "INVALID_EVENT"],
      [3, "rejected", "INVALID_EVENT"],
    ]);
    expectedRecords += 1;
    expectedDlq += 3;
    expect((await consumed()).has("mix-1")).toBe(true);
    const letters = await consumeAll(brokers, dlq, expectedDlq);
    const mine = letters.filter((l) => envelopeOf(l)["requestId"] === "req-mixed-1");
    expect(mine).toHaveLength(3);
    const missingType = mine.find((l) => l.headers["ce_id"] === "mix-2");
    expect(missingType?.headers["dlq_reason"]).toBe("INVALID_EVENT");
    expect(missingType?.headers["dlq_error"]).toContain("'type' is required");
    const envelope = JSON.parse(missingType?.value?.toString() ?? "{}") as Record<string, unknown>;
    expect(envelope).toMatchObject({ reason: "INVALID_EVENT", requestId: "req-mixed-1", truncated: false });
    expect(JSON.parse(envelope["payload"] as string)).toEqual({ id: "mix-2" });
    expect(typeof envelope["receivedAt"]).toBe("string");
  });

  it("an unparseable body answers 400 INVALID_JSON and lands whole in the DLQ", async () => {
    const res = await postEvents(svc.url, '{"type": "broken"', {
      "content-type": "application/json",
      "x-request-id": "req-broken-1",
    });
    expect(res.status).toBe(400);
    expect((res.json["error"] as { code: string }).code).toBe("INVALID_JSON");
    expectedDlq += 1;
    const letters = await consumeAll(brokers, dlq, expectedDlq);
    const letter = letters.find((l) => envelopeOf(l)["requestId"] === "req-broken-1");
    expect(letter?.headers["dlq_reason"]).toBe("INVALID_JSON");
    expect(letter && envelopeOf(letter)["payload"]).toBe('{"type": "broken"');
  });

  it("413 for a body over MAX_BODY_BYTES and 415 for an unsupported type, and the service keeps serving", async () => {
    const big = await postEvents(svc.url, JSON.stringify({ type: "big", data: "x".repeat(1_100_000) }));
    expect(big.status).toBe(413);
    expect(big.json["error"]).toMatchObject({ code: "BODY_TOO_LARGE", limit: 1_048_576 });
    const xml = await postEvents(svc.url, "<event/>", { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect((xml.json["error"] as { supported: string[] }).supported).toContain("application/x-ndjson");
    const after = await postEvents(svc.url, '{"type":"still-here","id":"after-1"}');
    expect(after.status).toBe(202);
    expectedRecords += 1;
    expect((await consumed()).has("after-1")).toBe(true);
  });

  it("keyed events land on murmur2(key) % partitions, as Java clients put them", async () => {
    // Expected partitions computed with Kafka 4.1.1's Utils.toPositive(Utils.murmur2(key)) % 3.
    const expected: Record<string, number> = { k1: 2, k2: 0, k3: 1, k4: 1, k5: 0, k6: 1 };
    const events = Object.keys(expected).map((key) => ({ type: "keyed", id: `keyed-${key}`, key }));
    const res = await postEvents(svc.url, JSON.stringify(events));
    expect(res.status).toBe(202);
    expectedRecords += events.length;
    const records = await consumed();
    const got = Object.fromEntries(
      Object.keys(expected).map((k) => [k, records.get(`keyed-${k}`)?.partition]),
    );
    expect(got).toEqual(expected);
  });

  it("exposes the ingestor metrics on /metrics, with exact counts of what this suite sent", async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(expectedRecords).toBe(18);
    for (const line of [
      'ingestor_events_total{outcome="accepted"} 18',
      'ingestor_events_total{outcome="rejected"} 4',
      'ingestor_events_total{outcome="dlq"} 4',
      'ingestor_dlq_events_total{reason="INVALID_EVENT"} 3',
      'ingestor_dlq_events_total{reason="INVALID_JSON"} 1',
    ]) {
      expect(text.split("\n").filter((l) => l.startsWith(line.split(" ")[0] ?? "?"))).toEqual([line]);
    }
    for (const name of [
      "ingestor_http_requests_total",
      "ingestor_http_request_duration_seconds_bucket",
      "ingestor_kafka_produce_duration_seconds_bucket",
      "ingestor_kafka_batch_records_bucket",
      "ingestor_inflight_bytes",
      "ingestor_ready 1",
      // Node's default metrics keep their standard names, so the usual dashboards work.
      "\nprocess_cpu_seconds_total",
    ]) {
      expect(text).toContain(name);
    }
    expect(text).not.toContain("ingestor_process_");
  });
});
