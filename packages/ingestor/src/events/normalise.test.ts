import { describe, expect, it } from "vitest";
import { uuidv7 } from "./ids.js";
import { normaliseBinary, normaliseJson } from "./normalise.js";
import type { NormaliseContext } from "./types.js";

const ctx: NormaliseContext = {
  receivedAt: "2025-03-04T05:06:07.089Z",
  defaultSource: "/default-source",
  newId: () => "generated-id",
};

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function accepted(value: unknown, c: NormaliseContext = ctx) {
  const r = normaliseJson(value, c);
  if (!r.ok) throw new Error(`rejected: ${r.problem.message}`);
  return r.event;
}

function rejection(value: unknown): string {
  const r = normaliseJson(value, ctx);
  if (r.ok) throw new Error("accepted");
  expect(r.problem.code).toBe("INVALID_EVENT");
  return r.problem.message;
}

describe("plain events", () => {
  it('accepts {"type":"test"} and fills id, time and source', () => {
    expect(accepted({ type: "test" })).toEqual({
      specversion: "1.0",
      type: "test",
      id: "generated-id",
      source: "/default-source",
      time: "2025-03-04T05:06:07.089Z",
      extensions: {},
      data: null,
      key: null,
    });
  });

  it("gives a missing id a UUIDv7 when the context generates them", () => {
    const event = accepted({ type: "t" }, { ...ctx, newId: () => uuidv7() });
    expect(event.id).toMatch(UUIDV7);
  });

  it("keeps the id, source, time, subject and key it was given; data becomes JSON bytes", () => {
    const event = accepted({
      type: "order.created",
      id: "o-1",
      source: "/shop",
      time: "2024-12-31T23:59:59+01:00",
      subject: "orders/1",
      key: "customer-7",
      data: { total: 12.5, items: ["a"] },
    });
    expect(event).toMatchObject({
      id: "o-1",
      source: "/shop",
      time: "2024-12-31T23:59:59+01:00",
      subject: "orders/1",
      key: "customer-7",
      datacontenttype: "application/json",
    });
    expect(event.data?.toString()).toBe('{"total":12.5,"items":["a"]}');
  });

  it("refuses unknown fields rather than dropping them, naming the field", () => {
    expect(rejection({ type: "t", payload: {} })).toMatch(/unknown field 'payload'/);
  });

  it("keeps the attributes it could read from a rejected event, for the DLQ headers", () => {
    const r = normaliseJson({ type: "t", id: "x-1", source: "/s", extra: 1 }, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.partial).toEqual({ id: "x-1", type: "t", source: "/s" });
  });

  it.each([
    [{}, /'type' is required/],
    [{ type: 3 }, /'type' must be a string/],
    [{ type: "" }, /'type' must not be empty/],
    [{ type: "x".repeat(257) }, /'type' must be at most 256/],
    [{ type: "a\nb" }, /control characters/],
    [{ type: "t", id: 7 }, /'id' must be a string/],
    [{ type: "t", time: "yesterday" }, /RFC 3339/],
    [{ type: "t", time: "2024-13-45T99:00:00Z" }, /RFC 3339/],
    [{ type: "t", key: "" }, /'key' must not be empty/],
  ])("refuses %j", (value, message) => {
    expect(rejection(value)).toMatch(message);
  });

  it("refuses a value that is not an object", () => {
    expect(rejection([{ type: "t" }])).toMatch(/must be a JSON object/);
  });
});

describe("structured-mode CloudEvents", () => {
  const base = { specversion: "1.0", id: "e-1", source: "/s", type: "t" };

  it("is recognised in a plain JSON body by its specversion", () => {
    expect(accepted({ ...base, partitionkey: "k" })).toMatchObject({ id: "e-1", key: "k" });
  });

  it.each([
    [{ ...base, specversion: undefined }],
    [{ ...base, specversion: "0.3" }],
    [{ ...base, specversion: 1.0 }],
  ])('requires specversion "1.0" (%j)', (value) => {
    const r = normaliseJson(value, ctx, true);
    expect(!r.ok && r.problem.message).toMatch(/specversion/);
  });

  it.each(["id", "source", "type"])("requires %s", (attr) => {
    const value = Object.fromEntries(Object.entries(base).filter(([k]) => k !== attr));
    expect(rejection(value)).toBe(`'${attr}' is required`);
  });

  it("defaults time to the receive time and keeps subject and dataschema", () => {
    const e = accepted({ ...base, subject: "sub", dataschema: "https://schema/1" });
    expect(e).toMatchObject({ time: ctx.receivedAt, subject: "sub", dataschema: "https://schema/1" });
  });

  it("renders string, integer and boolean extensions as strings and turns partitionkey into the key", () => {
    const e = accepted({ ...base, traceparent: "00-1", retries: 3, sampled: true, partitionkey: "p-1" });
    expect(e.extensions).toEqual({ traceparent: "00-1", retries: "3", sampled: "true" });
    expect(e.key).toBe("p-1");
  });

  it.each(["Upper", "with-dash", "under_score", "a".repeat(21)])("refuses the extension name %s", (name) => {
    expect(rejection({ ...base, [name]: "v" })).toMatch(/not a valid CloudEvents extension name/);
  });

  it.each([[1.5], [{ nested: true }], [null], [["a"]]])("refuses the extension value %j", (v) => {
    expect(rejection({ ...base, ext: v })).toMatch(/extension 'ext' must be a string, integer or boolean/);
  });

  it("refuses data and data_base64 together", () => {
    expect(rejection({ ...base, data: 1, data_base64: "AQ==" })).toMatch(/mutually exclusive/);
  });

  it("decodes data_base64 into the raw bytes", () => {
    const e = accepted({ ...base, data_base64: "3q2+7w==", datacontenttype: "application/octet-stream" });
    expect(e.data).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(e.datacontenttype).toBe("application/octet-stream");
  });

  it("refuses data_base64 that is not base64", () => {
    expect(rejection({ ...base, data_base64: "not base64!" })).toMatch(/must be base64/);
  });

  it("takes string data under a non-JSON datacontenttype as the text itself", () => {
    const e = accepted({ ...base, datacontenttype: "text/plain", data: "hello" });
    expect(e.data?.toString()).toBe("hello");
    expect(e.datacontenttype).toBe("text/plain");
  });

  it("serialises data as JSON under a JSON datacontenttype, defaulting it to application/json", () => {
    expect(accepted({ ...base, data: "hello" })).toMatchObject({ datacontenttype: "application/json" });
    expect(accepted({ ...base, data: "hello" }).data?.toString()).toBe('"hello"');
    const custom = accepted({ ...base, datacontenttype: "application/vnd.x+json", data: { a: 1 } });
    expect(custom.datacontenttype).toBe("application/vnd.x+json");
    expect(custom.data?.toString()).toBe('{"a":1}');
  });

  it("leaves datacontenttype unset when there is no data", () => {
    const e = accepted(base);
    expect(e.data).toBeNull();
    expect(e.datacontenttype).toBeUndefined();
  });
});

describe("binary-mode CloudEvents", () => {
  const headers = (extra: Record<string, string> = {}) =>
    new Map(
      Object.entries({
        "ce-specversion": "1.0",
        "ce-id": "b-1",
        "ce-source": "/s",
        "ce-type": "t",
        ...extra,
      }),
    );

  it("percent-decodes header values", () => {
    const r = normaliseBinary(
      headers({ "ce-subject": "a%20b%2Fc%E2%82%AC" }),
      Buffer.from("x"),
      "text/plain",
      ctx,
    );
    expect(r.ok && r.event.subject).toBe("a b/c€");
  });

  it("refuses header values that are not valid percent-encoding", () => {
    const r = normaliseBinary(headers({ "ce-subject": "100%" }), Buffer.from("x"), undefined, ctx);
    expect(!r.ok && r.problem.message).toMatch(/percent-encoding/);
  });

  it.each(["ce-data", "ce-data_base64", "ce-datacontenttype"])("refuses the %s header", (name) => {
    const r = normaliseBinary(headers({ [name]: "x" }), Buffer.from("x"), undefined, ctx);
    expect(!r.ok && r.problem.message).toBe(`header '${name}' is not allowed`);
  });

  it("refuses a missing required attribute", () => {
    const h = headers();
    h.delete("ce-source");
    const r = normaliseBinary(h, Buffer.from("x"), undefined, ctx);
    expect(!r.ok && r.problem.message).toBe("'source' is required");
  });

  it("takes the content type as datacontenttype and an empty body as no data", () => {
    const r = normaliseBinary(headers(), Buffer.alloc(0), undefined, ctx);
    expect(r.ok && r.event.data).toBeNull();
    expect(r.ok && r.event.datacontenttype).toBeUndefined();
    const typed = normaliseBinary(headers(), Buffer.from("<a/>"), "application/xml", ctx);
    expect(typed.ok && typed.event.datacontenttype).toBe("application/xml");
    expect(typed.ok && typed.event.data?.toString()).toBe("<a/>");
  });
});
