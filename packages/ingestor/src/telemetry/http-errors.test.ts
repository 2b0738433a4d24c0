import { describe, expect, it } from "vitest";
import { createHarness } from "../testing/harness.js";

/** ingestor_http_errors_total as {route|code: count}. */
async function errorCounts(h: Awaited<ReturnType<typeof createHarness>>): Promise<Record<string, number>> {
  const { values } = await h.metrics.httpErrors.get();
  return Object.fromEntries(
    values.map((v) => [`${String(v.labels.route)}|${String(v.labels.code)}`, v.value]),
  );
}

describe("ingestor_http_errors_total", () => {
  it("counts each error response by route and stable code; successes add nothing", async () => {
    const h = await createHarness({ env: { API_KEYS: "k" } });
    const key = { "content-type": "application/json", authorization: "Bearer k" };
    expect((await h.post('{"type":"ok"}', key)).status).toBe(202);
    expect((await h.post('{"type":', key)).status).toBe(400);
    expect((await h.post('{"type":"ok"}', { "content-type": "application/json" })).status).toBe(401);
    expect((await h.post('{"id":"no-type"}', key)).status).toBe(400);
    expect((await h.app.request("/nowhere")).status).toBe(404);
    expect((await h.app.request("/metrics", { method: "POST" })).status).toBe(405);
    expect(await errorCounts(h)).toEqual({
      "/events|INVALID_JSON": 1,
      "/events|UNAUTHORIZED": 1,
      "/events|INVALID_EVENT": 1,
      "other|NOT_FOUND": 1,
      "/metrics|METHOD_NOT_ALLOWED": 1,
    });
  });

  it("tells 503s apart by cause: a draining instance counts DRAINING", async () => {
    const h = await createHarness();
    h.state.close();
    expect((await h.post('{"type":"ok"}')).status).toBe(503);
    expect(await errorCounts(h)).toEqual({ "/events|DRAINING": 1 });
  });
});
