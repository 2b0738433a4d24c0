import { describe, expect, it } from "vitest";
import { createHarness, errorCode, json, TOPIC } from "../testing/harness.js";

const value = async (body: string, headers?: Record<string, string>): Promise<string | undefined> => {
  const h = await createHarness();
  const res = await h.post(body, headers);
  expect(res.status).toBe(202);
  return h.port.records(TOPIC)[0]?.value?.toString();
};

describe("event data reaches Kafka byte for byte", () => {
  it.each([
    ["a number beyond float range", "1e400"],
    ["a 23-digit integer", "12345678901234567890123"],
    ["an integer past 2^53", "9007199254740993"],
    ["an object with a duplicate key", '{"a":1,"a":2}'],
    ["odd whitespace and escapes", '{ "s" : "\\u00e9\\n" ,\n "t":[ 1 ,2 ] }'],
    ["an escaped lone surrogate inside data", '"\\ud800"'],
  ])("keeps %s exactly as sent", async (_, data) => {
    expect(await value(`{"type":"t","data":${data}}`)).toBe(data);
  });

  it("keeps the data of array elements, NDJSON lines and structured CloudEvents exactly as sent", async () => {
    const h = await createHarness();
    await h.post('[{"type":"t","data":1.10},{"type":"t","data":1e400}]');
    await h.post('{"type":"t","data":[1.0, 2]}\n{"type":"t","data":-0}', {
      "content-type": "application/x-ndjson",
    });
    await h.post('{"specversion":"1.0","id":"c","source":"/s","type":"t","data":{"n":1.50}}', {
      "content-type": "application/cloudevents+json",
    });
    expect(h.port.records(TOPIC).map((r) => r.value?.toString())).toEqual([
      "1.10",
      "1e400",
      "[1.0, 2]",
      "-0",
      '{"n":1.50}',
    ]);
  });

  it("refuses an event naming a member twice, since JSON.parse would silently keep the last", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"t","data":1,"data":2}');
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({
      error: { code: "INVALID_EVENT", message: "member 'data' appears more than once" },
    });
    expect(h.port.records(TOPIC)).toHaveLength(0);
  });
});

describe("attributes that cannot travel as Kafka headers are refused", () => {
  it.each([
    ["a lone high surrogate in id", '{"type":"t","id":"x-\\ud800"}', "'id' must be valid Unicode"],
    ["a lone low surrogate in id", '{"type":"t","id":"x-\\udfff"}', "'id' must be valid Unicode"],
    ["a lone surrogate in the key", '{"type":"t","key":"\\udc00k"}', "'key' must be valid Unicode"],
    ["a lone surrogate in type", '{"type":"\\ud83d"}', "'type' must be valid Unicode"],
  ])("refuses %s", async (_, body, message) => {
    const h = await createHarness();
    const res = await h.post(body);
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ error: { code: "INVALID_EVENT" } });
    expect(JSON.stringify(await json(await h.post(body)))).toContain(message);
    expect(h.port.records(TOPIC)).toHaveLength(0);
  });

  it("accepts a well-formed surrogate pair (an emoji) in an id", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"t","id":"x-\\ud83d\\ude00"}');
    expect(res.status).toBe(202);
    expect(h.port.records(TOPIC)[0]?.headers["ce_id"]).toBe("x-😀");
  });

  it.each([
    ["CR", "\\r"],
    ["LF", "\\n"],
    ["NUL", "\\u0000"],
  ])("refuses %s in an extension value and in partitionkey", async (_, ch) => {
    const h = await createHarness();
    const ce = (ext: string) => `{"specversion":"1.0","id":"i","source":"/s","type":"t",${ext}}`;
    for (const ext of [`"traceid":"a${ch}b"`, `"partitionkey":"k${ch}"`]) {
      const res = await h.post(ce(ext), { "content-type": "application/cloudevents+json" });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe("INVALID_EVENT");
    }
    expect(h.port.records(TOPIC)).toHaveLength(0);
  });

  it("refuses a lone surrogate in an extension value and in string data of a non-JSON content type", async () => {
    const h = await createHarness();
    for (const body of [
      '{"specversion":"1.0","id":"i","source":"/s","type":"t","traceid":"\\ud800"}',
      '{"specversion":"1.0","id":"i","source":"/s","type":"t","datacontenttype":"text/plain","data":"\\udfff"}',
    ]) {
      const res = await h.post(body, { "content-type": "application/cloudevents+json" });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe("INVALID_EVENT");
    }
  });
});
