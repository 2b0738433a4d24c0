import { describe, expect, it } from "vitest";
import { createHarness, DLQ_TOPIC, errorCode, TOPIC } from "../testing/harness.js";

const batch = (n: number, event: object = { type: "t" }): string =>
  JSON.stringify(Array.from({ length: n }, () => event));
const as = (key: string) => ({ "content-type": "application/json", authorization: `Bearer ${key}` });
const keyEvents = async (h: Awaited<ReturnType<typeof createHarness>>): Promise<string[]> =>
  (await (await h.app.request("/metrics")).text())
    .split("\n")
    .filter((l) => l.startsWith("ingestor_key_events_total{"));

describe("RATE_LIMIT_PER_KEY", () => {
  const env = {
    API_KEYS: "mobile:m-secret,batch:b-secret",
    MAX_BATCH_EVENTS: "4",
    RATE_LIMIT_PER_KEY: "mobile=1/4",
  };

  it("limits the key it names and no other when there is no default, counting each outcome by key id", async () => {
    const clock = { now: 1_000_000 };
    const h = await createHarness({ env, now: () => clock.now });
    expect((await h.post(batch(4), as("m-secret"))).status).toBe(202);
    const refused = await h.post(batch(2), as("m-secret"));
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe("RATE_LIMITED");
    // 2 tokens at 1/s.
    expect(refused.headers.get("retry-after")).toBe("2");
    for (let i = 0; i < 3; i++) expect((await h.post(batch(4), as("b-secret"))).status).toBe(202);
    expect(h.port.records(TOPIC)).toHaveLength(16);
    expect(await keyEvents(h)).toEqual([
      'ingestor_key_events_total{key_id="mobile",outcome="accepted"} 4',
      'ingestor_key_events_total{key_id="mobile",outcome="rate_limited"} 2',
      'ingestor_key_events_total{key_id="batch",outcome="accepted"} 12',
    ]);
  });
});

describe("ingest_key_id", () => {
  it("names the key's id on every record and dead letter of its requests, and the key nowhere", async () => {
    const h = await createHarness({ env: { API_KEYS: "mobile:m-secret,k1" } });
    const mixed = JSON.stringify([{ type: "t" }, { type: 5 }]);
    expect((await h.post(mixed, as("m-secret"))).status).toBe(207);
    expect((await h.post(batch(1), as("k1"))).status).toBe(202);
    const records = h.port.records(TOPIC);
    expect(records.map((r) => r.headers["ingest_key_id"])).toEqual(["mobile", "key-6ab9f1eb"]);
    const letters = h.port.records(DLQ_TOPIC);
    expect(letters.map((r) => r.headers["ingest_key_id"])).toEqual(["mobile"]);
    const written = JSON.stringify(
      [...records, ...letters].map((r) => [r.key, r.value?.toString(), r.headers]),
    );
    expect(written).not.toContain("m-secret");
    expect(await keyEvents(h)).toEqual([
      'ingestor_key_events_total{key_id="mobile",outcome="accepted"} 1',
      'ingestor_key_events_total{key_id="mobile",outcome="rejected"} 1',
      'ingestor_key_events_total{key_id="key-6ab9f1eb",outcome="accepted"} 1',
    ]);
  });

  it("is absent without auth, and no event can set it; the metric says anonymous", async () => {
    const h = await createHarness();
    const headers = { "content-type": "application/json" };
    // Extensions become `ce_` headers, and their names are lowercase letters and digits only.
    const forged = await h.post(batch(1, { type: "t", ingest_key_id: "mobile" }), headers);
    expect(forged.status).toBe(400);
    expect(await errorCode(forged)).toBe("INVALID_EVENT");
    expect((await h.post(batch(2), headers)).status).toBe(202);
    const records = h.port.records(TOPIC);
    expect(records.map((r) => r.headers["ingest_key_id"])).toEqual([undefined, undefined]);
    expect(await keyEvents(h)).toEqual([
      'ingestor_key_events_total{key_id="anonymous",outcome="rejected"} 1',
      'ingestor_key_events_total{key_id="anonymous",outcome="accepted"} 2',
    ]);
  });
});
