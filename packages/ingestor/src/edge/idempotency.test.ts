import { describe, expect, it } from "vitest";
import { createHarness, errorCode, json, TOPIC } from "../testing/harness.js";
import { IDEMPOTENCY_NAMESPACE, idempotentId, parseIdempotencyKey } from "./idempotency.js";
import { NAMESPACE_URL, uuidv5 } from "./uuidv5.js";

const UUIDV5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("Idempotency-Key ids", () => {
  it("derives ids as uuidv5(IDEMPOTENCY_NAMESPACE, key + newline + index), as the README documents", () => {
    expect(IDEMPOTENCY_NAMESPACE).toBe(uuidv5(NAMESPACE_URL, "urn:event-ingestor:idempotency-key"));
    expect(IDEMPOTENCY_NAMESPACE).toBe("9002b6d1-c7a7-568e-aa04-06dd3a95eb5b");
    expect(idempotentId("order-42", 3)).toBe(uuidv5(IDEMPOTENCY_NAMESPACE, "order-42\n3"));
    expect(idempotentId("order-42", 3)).toMatch(UUIDV5);
    expect(idempotentId("order-42", 3)).not.toBe(idempotentId("order-42", 4));
    expect(idempotentId("order-4", 23)).not.toBe(idempotentId("order-42", 3));
  });

  it.each([
    ["abc-123", "abc-123"],
    ['"8e03978e-40d5-43e8-bc93-6894a57f9324"', "8e03978e-40d5-43e8-bc93-6894a57f9324"],
    ['"with \\"quotes\\""', 'with "quotes"'],
    ["  padded  ", "padded"],
  ])("reads the header %s as the key %s", (header, key) => {
    expect(parseIdempotencyKey(header)).toBe(key);
  });

  it.each([[""], ['""'], ["x".repeat(256)], ["tab\there"], ["ünïcode"]])("refuses the key %j", (header) => {
    expect(() => parseIdempotencyKey(header)).toThrow(/Idempotency-Key/);
  });

  it("gives a retried request's id-less events the same ids, and keeps client-supplied ids", async () => {
    const h = await createHarness();
    const body = JSON.stringify([{ type: "a" }, { type: "b", id: "client-1" }, { type: "c" }]);
    const headers = { "content-type": "application/json", "idempotency-key": "retry-me" };
    const first = await json(await h.post(body, headers));
    const retry = await json(await h.post(body, headers));
    expect(first["ids"]).toEqual([idempotentId("retry-me", 0), "client-1", idempotentId("retry-me", 2)]);
    expect(retry["ids"]).toEqual(first["ids"]);
    const ids = h.port.records(TOPIC).map((r) => r.headers["ce_id"]);
    expect(ids).toEqual([...(first["ids"] as string[]), ...(first["ids"] as string[])]);
  });

  it("uses the event's index in the request: NDJSON lines count as sent (blank lines skipped), rejected ones too", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"a"}\n\n{"nope":1}\n{"type":"c"}\n', {
      "content-type": "application/x-ndjson",
      "idempotency-key": "k",
    });
    expect(res.status).toBe(207);
    const results = (await json(res))["results"] as { index: number; id?: string }[];
    expect(results.map((r) => r.id)).toEqual([idempotentId("k", 0), undefined, idempotentId("k", 2)]);
  });

  it("without the header, id-less events get fresh UUIDv7 ids on every request", async () => {
    const h = await createHarness();
    const a = await json(await h.post('{"type":"a"}'));
    const b = await json(await h.post('{"type":"a"}'));
    expect(a["ids"]).not.toEqual(b["ids"]);
  });

  it("answers a malformed Idempotency-Key with 400 INVALID_IDEMPOTENCY_KEY and writes nothing", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      "idempotency-key": "x".repeat(300),
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe("INVALID_IDEMPOTENCY_KEY");
    expect(h.port.calls).toHaveLength(0);
  });
});
