import { describe, expect, it } from "vitest";
import { jsonArray, ndjson, singleJson, binaryCloudEvent } from "../scenarios.js";
import { countEvents } from "./body.js";
import { createCeilingApp } from "./hono.js";

describe("the bare Hono ceiling", () => {
  const app = createCeilingApp();

  it.each([
    ["S1", singleJson(), 1],
    ["S2", jsonArray(), 100],
    ["S3", ndjson(), 100],
    ["S4", binaryCloudEvent(), 1],
  ])("answers %s with 202 and the number of events it parsed", async (_id, w, n) => {
    const res = await app.request("/events", { method: "POST", headers: w.headers, body: w.body });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ accepted: n });
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await app.request("/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
  });

  it("countEvents skips blank NDJSON lines", () => {
    expect(countEvents("application/x-ndjson", '{"a":1}\n\n{"b":2}\n')).toBe(2);
  });
});
