import { describe, expect, it } from "vitest";
import { codes, decode, httpErrorOf, LIMITS, okAt } from "../testing/events.js";
import { InvalidBodyError, SUPPORTED_TYPES } from "./decode.js";

/** The original body an unparseable-body error keeps for the DLQ. */
function payloadOf(err: unknown) {
  if (!(err instanceof InvalidBodyError)) throw new Error("not an InvalidBodyError");
  return err.payload;
}

const ce = (id: string, extra: Record<string, unknown> = {}) => ({
  specversion: "1.0",
  id,
  source: "/s",
  type: "t",
  ...extra,
});

describe("decodeEvents: body forms", () => {
  it("takes one JSON object as one event", () => {
    const events = decode('{"type":"test"}');
    expect(events).toHaveLength(1);
    expect(okAt(events).type).toBe("test");
    expect(events[0]?.index).toBe(0);
  });

  it("takes a JSON array as a batch, indexed in order", () => {
    const events = decode('[{"type":"a"},{"type":"b"},{"type":"c"}]');
    expect(events.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(events.map((e) => (e.ok ? e.event.type : ""))).toEqual(["a", "b", "c"]);
  });

  it("keeps the text of every array element, valid ones too: Kafka may still refuse one for the DLQ", () => {
    const events = decode('[{"type":"a","data":{"n":1}}, {"type":"b"}]');
    expect(codes(events)).toEqual(["ok", "ok"]);
    expect(events.map((e) => e.raw)).toEqual(['{"type":"a","data":{"n":1}}', '{"type":"b"}']);
  });

  it("keeps each array element's text exactly as sent (spacing, escapes, number forms), for the DLQ", () => {
    const body = '[\n  { "type" : "a", "data" : 1e2 },\n  {"type":"\\u00e9,]"}\n]';
    const events = decode(body);
    expect(codes(events)).toEqual(["ok", "ok"]);
    expect(events.map((e) => e.raw)).toEqual(['{ "type" : "a", "data" : 1e2 }', '{"type":"\\u00e9,]"}']);
    expect(okAt(events, 1).type).toBe("é,]");
  });

  it("takes NDJSON one event per line, with CRLF line ends and blank lines skipped", () => {
    const body = '{"type":"a"}\r\n\r\n{"type":"b"}\n   \n{"type":"c"}\r\n';
    const events = decode(body, { "content-type": "application/x-ndjson" });
    expect(events.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(events.map((e) => (e.ok ? e.event.type : ""))).toEqual(["a", "b", "c"]);
    expect(events.map((e) => e.raw)).toEqual(['{"type":"a"}', '{"type":"b"}', '{"type":"c"}']);
  });

  it("also takes NDJSON as application/ndjson", () => {
    expect(codes(decode('{"type":"a"}\n{"type":"b"}', { "content-type": "application/ndjson" }))).toEqual([
      "ok",
      "ok",
    ]);
  });

  it("takes application/cloudevents+json as one structured CloudEvent", () => {
    const events = decode(JSON.stringify(ce("e1", { data: { n: 1 } })), {
      "content-type": "application/cloudevents+json",
    });
    const e = okAt(events);
    expect(e).toMatchObject({ id: "e1", source: "/s", type: "t", datacontenttype: "application/json" });
    expect(e.data?.toString()).toBe('{"n":1}');
  });

  it("requires a CloudEvent (specversion and all) under application/cloudevents+json", () => {
    const events = decode('{"type":"plain"}', { "content-type": "application/cloudevents+json" });
    expect(codes(events)).toEqual(["INVALID_EVENT"]);
  });

  it("takes application/cloudevents-batch+json as a batch of structured CloudEvents", () => {
    const events = decode(JSON.stringify([ce("e1"), ce("e2"), { type: "plain" }]), {
      "content-type": "application/cloudevents-batch+json",
    });
    expect(codes(events)).toEqual(["ok", "ok", "INVALID_EVENT"]);
    expect(okAt(events, 1).id).toBe("e2");
  });

  it("refuses a CloudEvents batch that is not an array", () => {
    const err = httpErrorOf(() =>
      decode(JSON.stringify(ce("e1")), { "content-type": "application/cloudevents-batch+json" }),
    );
    expect(err).toBeInstanceOf(InvalidBodyError);
    expect(err.code).toBe("INVALID_JSON");
  });

  it("takes binary mode: ce-* headers are the attributes and the body is the data", () => {
    const events = decode(Buffer.from([0xde, 0xad, 0xbe, 0xef]), {
      "content-type": "application/octet-stream",
      "ce-specversion": "1.0",
      "ce-id": "bin-1",
      "ce-source": "/sensors/t%C3%BCr%201",
      "ce-type": "com.example.reading",
      "ce-subject": "caf%C3%A9",
      "ce-partitionkey": "device-42",
      "ce-traceparent": "00-abc-01",
    });
    const e = okAt(events);
    expect(e).toMatchObject({
      id: "bin-1",
      source: "/sensors/tür 1",
      type: "com.example.reading",
      subject: "café",
      datacontenttype: "application/octet-stream",
      key: "device-42",
      extensions: { traceparent: "00-abc-01" },
    });
    expect(e.data).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  it("takes curl's default x-www-form-urlencoded body as JSON when it is JSON", () => {
    const events = decode('{"type":"test"}', { "content-type": "application/x-www-form-urlencoded" });
    expect(okAt(events).type).toBe("test");
  });

  it("refuses a form-urlencoded body that is not JSON with 415", () => {
    const err = httpErrorOf(() =>
      decode("type=test&a=b", { "content-type": "application/x-www-form-urlencoded" }),
    );
    expect(err.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("takes a JSON body with no content type", () => {
    expect(okAt(decode('  [{"type":"a"}]', {})).type).toBe("a");
  });

  it("matches media types case-insensitively and accepts a UTF-8 charset parameter", () => {
    expect(codes(decode('{"type":"a"}', { "content-type": "Application/JSON; charset=UTF-8" }))).toEqual([
      "ok",
    ]);
    expect(codes(decode('{"type":"a"}', { "content-type": 'application/json; charset="utf8"' }))).toEqual([
      "ok",
    ]);
  });

  it.each(["text/csv", "application/xml", "multipart/form-data; boundary=x"])(
    "refuses content type %s with 415 and the supported list",
    (type) => {
      const err = httpErrorOf(() => decode('{"type":"a"}', { "content-type": type }));
      expect(err.status).toBe(415);
      expect(err.code).toBe("UNSUPPORTED_MEDIA_TYPE");
      expect(err.details["supported"]).toEqual(SUPPORTED_TYPES);
    },
  );

  it("refuses a charset other than UTF-8 with 415", () => {
    const err = httpErrorOf(() =>
      decode('{"type":"a"}', { "content-type": "application/json; charset=latin1" }),
    );
    expect(err.code).toBe("UNSUPPORTED_MEDIA_TYPE");
    expect(err.message).toContain("latin1");
  });
});

describe("decodeEvents: bad input", () => {
  it.each([
    ["an empty body", "", "application/json"],
    ["a whitespace-only body", " \n\t ", "application/json"],
    ["an empty array", "[]", "application/json"],
    ["NDJSON of blank lines", "\n\r\n  \n", "application/x-ndjson"],
  ])("refuses %s with EMPTY_BODY", (_, body, type) => {
    const err = httpErrorOf(() => decode(body, { "content-type": type }));
    expect(err.code).toBe("EMPTY_BODY");
    expect(err.status).toBe(400);
  });

  it("refuses malformed JSON as an unparseable body, keeping its text for the DLQ", () => {
    const err = httpErrorOf(() => decode('{"type": "a",'));
    expect(err.code).toBe("INVALID_JSON");
    expect(payloadOf(err)).toBe('{"type": "a",');
  });

  it("refuses JSON nested deeper than the limit before parsing it", () => {
    const deep = "[".repeat(LIMITS.maxJsonDepth + 1) + "]".repeat(LIMITS.maxJsonDepth + 1);
    const err = httpErrorOf(() => decode(deep));
    expect(err.code).toBe("JSON_TOO_DEEP");
  });

  it("refuses invalid UTF-8 bytes instead of replacing them, keeping the bytes for the DLQ", () => {
    const bytes = Buffer.concat([Buffer.from('{"type":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const err = httpErrorOf(() => decode(bytes));
    expect(err.code).toBe("INVALID_UTF8");
    expect(payloadOf(err)).toEqual(bytes);
  });

  it("rejects each non-object element of an array with INVALID_EVENT, keeping its text", () => {
    const events = decode('[1, "two", null, [3], {"type":"ok"}]');
    expect(codes(events)).toEqual(["INVALID_EVENT", "INVALID_EVENT", "INVALID_EVENT", "INVALID_EVENT", "ok"]);
    expect(events.map((e) => e.raw).slice(0, 4)).toEqual(["1", '"two"', "null", "[3]"]);
  });

  it("refuses more array elements than MAX_BATCH_EVENTS with TOO_MANY_EVENTS and the limit", () => {
    const body = JSON.stringify(Array.from({ length: LIMITS.maxBatchEvents + 1 }, () => ({ type: "a" })));
    const err = httpErrorOf(() => decode(body));
    expect(err.code).toBe("TOO_MANY_EVENTS");
    expect(err.status).toBe(413);
    expect(err.details["limit"]).toBe(LIMITS.maxBatchEvents);
  });

  it("refuses more NDJSON lines than MAX_BATCH_EVENTS", () => {
    const body = '{"type":"a"}\n'.repeat(LIMITS.maxBatchEvents + 1);
    expect(httpErrorOf(() => decode(body, { "content-type": "application/x-ndjson" })).code).toBe(
      "TOO_MANY_EVENTS",
    );
  });

  it("rejects a single event over MAX_EVENT_BYTES with EVENT_TOO_LARGE", () => {
    const body = JSON.stringify({ type: "a", data: "x".repeat(LIMITS.maxEventBytes) });
    expect(codes(decode(body))).toEqual(["EVENT_TOO_LARGE"]);
  });

  it("rejects only the oversized element of an array", () => {
    const big = { type: "big", data: "x".repeat(LIMITS.maxEventBytes) };
    expect(codes(decode(JSON.stringify([{ type: "a" }, big, { type: "c" }])))).toEqual([
      "ok",
      "EVENT_TOO_LARGE",
      "ok",
    ]);
  });

  it("rejects an oversized NDJSON line, a malformed line and a too-deep line on their own", () => {
    const lines = [
      '{"type":"a"}',
      JSON.stringify({ type: "big", data: "x".repeat(LIMITS.maxEventBytes) }),
      '{"type":',
      '{"type":"deep","data":' + "[".repeat(LIMITS.maxJsonDepth) + "]".repeat(LIMITS.maxJsonDepth) + "}",
      '{"type":"e"}',
    ];
    const events = decode(lines.join("\n"), { "content-type": "application/x-ndjson" });
    expect(codes(events)).toEqual(["ok", "EVENT_TOO_LARGE", "INVALID_JSON", "JSON_TOO_DEEP", "ok"]);
    expect(events[2]?.raw).toBe('{"type":');
  });

  it("rejects a binary-mode body over MAX_EVENT_BYTES", () => {
    const headers = { "ce-specversion": "1.0", "ce-id": "1", "ce-source": "/s", "ce-type": "t" };
    expect(codes(decode(Buffer.alloc(LIMITS.maxEventBytes + 1), headers))).toEqual(["EVENT_TOO_LARGE"]);
  });
});
