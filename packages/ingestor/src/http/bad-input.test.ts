import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { SUPPORTED_TYPES } from "../events/decode.js";
import { createHarness, json, TOPIC, type Harness } from "../testing/harness.js";

const LIMITS = {
  MAX_BODY_BYTES: "65536",
  MAX_EVENT_BYTES: "4096",
  MAX_BATCH_EVENTS: "10",
  MAX_JSON_DEPTH: "16",
};
const JSON_TYPE = { "content-type": "application/json" };
const NDJSON = { "content-type": "application/x-ndjson" };

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ env: LIMITS });
});

/** Asserts status and error code, then that the app still accepts a good event. */
async function expectRefused(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const body = await json(res);
  expect({ status: res.status, code: (body["error"] as { code?: string } | undefined)?.code }).toEqual({
    status,
    code,
  });
  const good = await h.post('{"type":"still.serving"}');
  expect(good.status).toBe(202);
  return body;
}

describe("POST /events with bad input answers its documented status and keeps serving", () => {
  it("malformed JSON -> 400 INVALID_JSON", async () => {
    await expectRefused(await h.post('{"type": "a",,}'), 400, "INVALID_JSON");
  });

  it("JSON nested deeper than MAX_JSON_DEPTH -> 400 JSON_TOO_DEEP", async () => {
    const deep = '{"type":"t","data":' + "[".repeat(20) + "]".repeat(20) + "}";
    await expectRefused(await h.post(deep), 400, "JSON_TOO_DEEP");
  });

  it("a hostile run of 60,000 open brackets -> 400 JSON_TOO_DEEP, no stack overflow", async () => {
    await expectRefused(await h.post("[".repeat(60_000)), 400, "JSON_TOO_DEEP");
  });

  it("invalid UTF-8 bytes -> 400 INVALID_UTF8", async () => {
    const body = Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    await expectRefused(await h.post(body), 400, "INVALID_UTF8");
  });

  it("a gzip bomb (small gzip inflating past MAX_BODY_BYTES) -> 413 BODY_TOO_LARGE", async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 65_536, 0x20));
    expect(bomb.length).toBeLessThan(2_048);
    const res = await h.post(bomb, { ...JSON_TYPE, "content-encoding": "gzip" });
    const body = await expectRefused(res, 413, "BODY_TOO_LARGE");
    expect(body["error"]).toMatchObject({ limit: 65_536 });
  });

  it("a gzip body within the limit is decompressed and accepted", async () => {
    const res = await h.post(gzipSync('[{"type":"a"},{"type":"b"}]'), {
      ...JSON_TYPE,
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(202);
    expect(await json(res)).toMatchObject({ accepted: 2 });
  });

  it("corrupt gzip -> 400 INVALID_GZIP", async () => {
    const gz = gzipSync('{"type":"a"}');
    const corrupt = Buffer.concat([gz.subarray(0, 10), Buffer.from("not deflate at all"), gz.subarray(-8)]);
    await expectRefused(
      await h.post(corrupt, { ...JSON_TYPE, "content-encoding": "gzip" }),
      400,
      "INVALID_GZIP",
    );
  });

  it("an unsupported Content-Encoding -> 415 UNSUPPORTED_ENCODING with the supported list", async () => {
    const res = await h.post('{"type":"a"}', { ...JSON_TYPE, "content-encoding": "br" });
    const body = await expectRefused(res, 415, "UNSUPPORTED_ENCODING");
    expect(body["error"]).toMatchObject({ supported: ["gzip", "identity"] });
  });

  it("an NDJSON line over MAX_EVENT_BYTES -> 207 with EVENT_TOO_LARGE for that line only", async () => {
    const big = JSON.stringify({ type: "big", data: "x".repeat(5_000) });
    const res = await h.post(['{"type":"a"}', big, '{"type":"c"}'].join("\n"), NDJSON);
    expect(res.status).toBe(207);
    const body = await json(res);
    expect(body).toMatchObject({ accepted: 2, rejected: 1 });
    expect(body["results"]).toMatchObject([
      { index: 0, status: "accepted" },
      { index: 1, status: "rejected", error: { code: "EVENT_TOO_LARGE" } },
      { index: 2, status: "accepted" },
    ]);
    expect((await h.post('{"type":"still.serving"}')).status).toBe(202);
  });

  it("a streamed body over MAX_BODY_BYTES without Content-Length -> 413 BODY_TOO_LARGE, reading stops at the limit", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(" ".repeat(10_000));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.length;
        // An endless body: only the limit can end it.
        controller.enqueue(chunk);
      },
    });
    const res = await h.app.request("/events", {
      method: "POST",
      body: stream,
      headers: JSON_TYPE,
      duplex: "half",
    });
    const body = await expectRefused(res, 413, "BODY_TOO_LARGE");
    expect(body["error"]).toMatchObject({ limit: 65_536 });
    expect(pulled).toBeLessThan(65_536 + 4 * 10_000);
  });

  it("a body that stalls mid-upload holds in-flight budget only for the bytes it sent", async () => {
    let release = (): void => undefined;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"type":"slow",'));
        release = () => {
          controller.enqueue(new TextEncoder().encode('"id":"slow-1"}'));
          controller.close();
        };
      },
    });
    const pending = h.app.request("/events", {
      method: "POST",
      body: stream,
      headers: JSON_TYPE,
      duplex: "half",
    });
    await new Promise((r) => setTimeout(r, 20));
    // 1 KiB per request plus twice the 15 bytes received, not ten times MAX_BODY_BYTES as a body of unknown size.
    expect(h.state.inflightBytes).toBe(1024 + 2 * 15);
    release();
    expect((await pending).status).toBe(202);
    expect(h.state.inflightBytes).toBe(0);
  });

  it("a declared Content-Length over MAX_BODY_BYTES -> 413 BODY_TOO_LARGE before reading the body", async () => {
    const payload = "[" + " ".repeat(70_000) + "]";
    const res = await h.post(payload, { ...JSON_TYPE, "content-length": String(payload.length) });
    await expectRefused(res, 413, "BODY_TOO_LARGE");
  });

  it.each(["text/csv", "application/xml", "application/octet-stream"])(
    "content type %s -> 415 UNSUPPORTED_MEDIA_TYPE with the supported list",
    async (type) => {
      const body = await expectRefused(
        await h.post('{"type":"a"}', { "content-type": type }),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
      expect(body["error"]).toMatchObject({ supported: SUPPORTED_TYPES });
    },
  );

  it("a charset other than UTF-8 -> 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    const res = await h.post('{"type":"a"}', { "content-type": "application/json; charset=iso-8859-1" });
    await expectRefused(res, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("an empty body -> 400 EMPTY_BODY", async () => {
    await expectRefused(await h.post(""), 400, "EMPTY_BODY");
    await expectRefused(await h.post(null), 400, "EMPTY_BODY");
  });

  it("an empty array -> 400 EMPTY_BODY", async () => {
    await expectRefused(await h.post("[]"), 400, "EMPTY_BODY");
  });

  it("an array of non-objects -> 400 with INVALID_EVENT for every element", async () => {
    const body = await expectRefused(await h.post('[1, "two", null]'), 400, "INVALID_EVENT");
    expect(body).toMatchObject({ accepted: 0, rejected: 3 });
    expect(body["results"]).toEqual(
      [0, 1, 2].map((index) => ({
        index,
        status: "rejected",
        error: { code: "INVALID_EVENT", message: "an event must be a JSON object" },
      })),
    );
  });

  it("events rejected for different reasons -> 400 ALL_EVENTS_REJECTED with per-event results", async () => {
    const big = { type: "big", data: "x".repeat(5_000) };
    const body = await expectRefused(await h.post(JSON.stringify([42, big])), 400, "ALL_EVENTS_REJECTED");
    expect(body["results"]).toMatchObject([
      { error: { code: "INVALID_EVENT" } },
      { error: { code: "EVENT_TOO_LARGE" } },
    ]);
  });

  it("more events than MAX_BATCH_EVENTS -> 413 TOO_MANY_EVENTS with the limit", async () => {
    const events = JSON.stringify(Array.from({ length: 11 }, () => ({ type: "a" })));
    const body = await expectRefused(await h.post(events), 413, "TOO_MANY_EVENTS");
    expect(body["error"]).toMatchObject({ limit: 10 });
    expect(h.port.records(TOPIC).length).toBe(1);
  });

  it("one event over MAX_EVENT_BYTES -> 413 EVENT_TOO_LARGE with the limit", async () => {
    const res = await h.post(JSON.stringify({ type: "big", data: "x".repeat(5_000) }));
    const body = await expectRefused(res, 413, "EVENT_TOO_LARGE");
    expect(body["error"]).toMatchObject({ limit: 4_096 });
  });
});

describe("a mixed batch", () => {
  it("answers 207 with index, id, status and error per event, and sends only the valid ones", async () => {
    const res = await h.post(
      JSON.stringify([{ type: "a", id: "id-a" }, { id: "id-b" }, { type: "c", id: "id-c" }, "x"]),
    );
    expect(res.status).toBe(207);
    expect(await json(res)).toEqual({
      accepted: 2,
      rejected: 2,
      results: [
        { index: 0, id: "id-a", status: "accepted" },
        {
          index: 1,
          id: "id-b",
          status: "rejected",
          error: { code: "INVALID_EVENT", message: "'type' is required" },
        },
        { index: 2, id: "id-c", status: "accepted" },
        {
          index: 3,
          status: "rejected",
          error: { code: "INVALID_EVENT", message: "an event must be a JSON object" },
        },
      ],
    });
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_id"])).toEqual(["id-a", "id-c"]);
  });
});
