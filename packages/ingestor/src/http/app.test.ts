import { describe, expect, it } from "vitest";
import { createHarness, errorCode, json, RECEIVED_AT, TOPIC } from "../testing/harness.js";

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("POST /events: body forms become CloudEvents Kafka records", () => {
  it('curl -d \'{"type":"test"}\' as typed (form content type) answers 202 with a UUIDv7 id', async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"test"}', { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(202);
    const body = await json(res);
    expect(body["accepted"]).toBe(1);
    const [id] = body["ids"] as string[];
    expect(id).toMatch(UUIDV7);
    const [record] = h.port.records(TOPIC);
    expect(record?.headers).toEqual({
      ce_specversion: "1.0",
      ce_id: id,
      ce_source: "/event-ingestor",
      ce_type: "test",
      ce_time: RECEIVED_AT,
    });
    expect(record?.key).toBeNull();
    expect(record?.value).toBeNull();
  });

  it("uses DEFAULT_EVENT_SOURCE for events without a source", async () => {
    const h = await createHarness({ env: { DEFAULT_EVENT_SOURCE: "/my-service" } });
    await h.post('{"type":"t"}', {});
    expect(h.port.records(TOPIC)[0]?.headers["ce_source"]).toBe("/my-service");
  });

  it("sends a JSON array's events in order with their keys and JSON data", async () => {
    const h = await createHarness();
    const res = await h.post(
      JSON.stringify([
        { type: "a", id: "1", key: "k1", data: { n: 1 } },
        { type: "b", id: "2", subject: "s" },
      ]),
    );
    expect(await json(res)).toEqual({ accepted: 2, ids: ["1", "2"] });
    const records = h.port.records(TOPIC);
    expect(records.map((r) => r.key)).toEqual(["k1", null]);
    expect(records[0]?.value?.toString()).toBe('{"n":1}');
    expect(records[0]?.headers["content-type"]).toBe("application/json");
    expect(records[1]?.headers["ce_subject"]).toBe("s");
  });

  it("sends NDJSON lines as separate records", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"a"}\r\n\r\n{"type":"b"}\r\n', {
      "content-type": "application/x-ndjson",
    });
    expect(res.status).toBe(202);
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_type"])).toEqual(["a", "b"]);
  });

  it("sends a structured CloudEvent with its extensions and partitionkey as the key", async () => {
    const h = await createHarness();
    const event = {
      specversion: "1.0",
      id: "ce-1",
      source: "/src",
      type: "t",
      time: "2024-01-01T00:00:00Z",
      partitionkey: "pk",
      traceparent: "00-1",
      datacontenttype: "text/plain",
      data: "hello",
    };
    const res = await h.post(JSON.stringify(event), { "content-type": "application/cloudevents+json" });
    expect(res.status).toBe(202);
    const [r] = h.port.records(TOPIC);
    expect(r?.key).toBe("pk");
    expect(r?.value?.toString()).toBe("hello");
    expect(r?.headers).toMatchObject({
      ce_id: "ce-1",
      ce_time: "2024-01-01T00:00:00Z",
      ce_traceparent: "00-1",
      ce_partitionkey: "pk",
      "content-type": "text/plain",
    });
  });

  it("sends a CloudEvents batch", async () => {
    const h = await createHarness();
    const ce = (id: string) => ({ specversion: "1.0", id, source: "/s", type: "t" });
    const res = await h.post(JSON.stringify([ce("x"), ce("y")]), {
      "content-type": "application/cloudevents-batch+json",
    });
    expect(await json(res)).toEqual({ accepted: 2, ids: ["x", "y"] });
  });

  it("sends a binary-mode CloudEvent with the body as the value", async () => {
    const h = await createHarness();
    const res = await h.post(Buffer.from([1, 2, 3]), {
      "content-type": "application/octet-stream",
      "ce-specversion": "1.0",
      "ce-id": "bin-1",
      "ce-source": "%2Fdevices%2F7",
      "ce-type": "reading",
      "ce-partitionkey": "device-7",
    });
    expect(res.status).toBe(202);
    const [r] = h.port.records(TOPIC);
    expect(r?.value).toEqual(Buffer.from([1, 2, 3]));
    expect(r?.key).toBe("device-7");
    expect(r?.headers).toMatchObject({ ce_source: "/devices/7", "content-type": "application/octet-stream" });
  });
});

describe("auth", () => {
  const env = { API_KEYS: "key-one,key-two" };

  it("answers 401 UNAUTHORIZED without a key", async () => {
    const h = await createHarness({ env });
    const res = await h.post('{"type":"a"}');
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("UNAUTHORIZED");
    expect(h.port.calls).toHaveLength(0);
  });

  it("answers 403 FORBIDDEN with a wrong key", async () => {
    const h = await createHarness({ env });
    const res = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      "x-api-key": "key-three",
    });
    expect(res.status).toBe(403);
    expect(await errorCode(res)).toBe("FORBIDDEN");
  });

  it("accepts a key as Authorization: Bearer or as X-API-Key", async () => {
    const h = await createHarness({ env });
    const bearer = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      authorization: "Bearer key-two",
    });
    const header = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      "x-api-key": "key-one",
    });
    expect([bearer.status, header.status]).toEqual([202, 202]);
  });

  it("leaves health, readiness and metrics open", async () => {
    const h = await createHarness({ env });
    for (const path of ["/healthz", "/readyz", "/metrics"]) {
      expect((await h.app.request(path)).status).toBe(200);
    }
  });
});

describe("routing and request ids", () => {
  it("answers unknown routes with a JSON 404", async () => {
    const h = await createHarness();
    const res = await h.app.request("/nope");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ error: { code: "NOT_FOUND", message: "no such route" } });
  });

  it("answers GET /events with 405, naming OPTIONS and POST in Allow", async () => {
    const h = await createHarness();
    const res = await h.app.request("/events");
    expect(res.status).toBe(405);
    expect(await errorCode(res)).toBe("METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
  });

  it("echoes a valid X-Request-Id and logs the request under it", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      "x-request-id": "abc-123",
    });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
    expect(h.logs()).toContainEqual(
      expect.objectContaining({ requestId: "abc-123", status: 202, events: 1, accepted: 1, msg: "request" }),
    );
  });

  it.each([
    ["absent", undefined],
    ["invalid", "bad id with spaces\u0001"],
    ["too long", "x".repeat(200)],
  ])("generates a request id when the incoming one is %s", async (_, incoming) => {
    const h = await createHarness();
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (incoming !== undefined) headers["x-request-id"] = incoming;
    const res = await h.post('{"type":"a"}', headers);
    expect(res.headers.get("x-request-id")).toMatch(UUIDV7);
  });

  it("never logs payloads", async () => {
    const h = await createHarness();
    await h.post('{"type":"a","data":"secret-payload-value"}');
    await h.post('{"type":"a","nope":"secret-payload-value"}');
    expect(JSON.stringify(h.logs())).not.toContain("secret-payload-value");
  });
});
