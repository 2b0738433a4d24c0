import { describe, expect, it } from "vitest";
import { workloads } from "../scenarios.js";
import { countEvents } from "./body.js";
import { createCeilingApp } from "./hono.js";

describe("the bare Hono ceiling", () => {
  const app = createCeilingApp();

  // Each workload's eventsPerRequest (1 or 100) is pinned in scenarios.test.ts.
  it.each(Object.values(workloads()))(
    "answers $id with 202 and the $eventsPerRequest events it carries",
    async (w) => {
      const res = await app.request("/events", { method: "POST", headers: w.headers, body: w.body });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ accepted: w.eventsPerRequest });
    },
  );

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
