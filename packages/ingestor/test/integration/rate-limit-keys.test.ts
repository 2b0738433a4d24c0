import { randomBytes } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { consumeAll, recordCount } from "../support/kafka.js";
import { postEvents, startOnNewTopics } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");

describe("rate limits and ids per API key on the real broker", () => {
  it("limits each key by its own limit, names its id (never the key) on records and dead letters, and counts by id", async () => {
    const mobileKey = randomBytes(24).toString("hex");
    const batchKey = randomBytes(24).toString("hex");
    const { svc, topic, dlq } = await startOnNewTopics(brokers, "ratelimitkeys", {
      API_KEYS: `mobile:${mobileKey},batch:${batchKey}`,
      // The default (mobile's) is 1 event/s in bursts of 10; batch's own limit is far higher.
      RATE_LIMIT_EVENTS_PER_SECOND: "1",
      RATE_LIMIT_BURST: "10",
      RATE_LIMIT_PER_KEY: "batch=1000/1000",
      MAX_BATCH_EVENTS: "10",
    });
    try {
      const events = (n: number, prefix: string): object[] =>
        Array.from({ length: n }, (_, i) => ({ type: "rl", id: `${prefix}-${i}` }));
      const as = (key: string) => ({ "content-type": "application/json", authorization: `Bearer ${key}` });

      const started = Date.now();
      expect((await postEvents(svc.url, JSON.stringify(events(10, "m1")), as(mobileKey))).status).toBe(202);
      const refused = await postEvents(svc.url, JSON.stringify(events(10, "m2")), as(mobileKey));
      expect(refused.status).toBe(429);
      expect(refused.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
      // The first request emptied the bucket: 10 tokens at 1/s are 10 s, less what refilled since (a slow
      // machine may take a second or more between the two requests).
      const elapsed = Math.ceil((Date.now() - started) / 1000);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(10 - elapsed);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(10);

      // Five full batches: the default limit would have refused all but the first.
      for (let b = 0; b < 5; b++) {
        const res = await postEvents(svc.url, JSON.stringify(events(10, `b${b}`)), as(batchKey));
        expect(res.status).toBe(202);
      }
      const mixed = await postEvents(
        svc.url,
        JSON.stringify([{ type: "rl", id: "b5-0" }, { type: 5 }]),
        as(batchKey),
      );
      expect(mixed.status).toBe(207);

      const records = await consumeAll(brokers, topic, 61);
      expect(records).toHaveLength(61);
      expect(await recordCount(brokers, topic)).toBe(61);
      const idsBy = (keyId: string) =>
        records
          .filter((r) => r.headers["ingest_key_id"] === keyId)
          .map((r) => r.headers["ce_id"])
          .sort();
      expect(idsBy("mobile")).toEqual(
        events(10, "m1")
          .map((e) => (e as { id: string }).id)
          .sort(),
      );
      expect(idsBy("batch")).toHaveLength(51);
      const letters = await consumeAll(brokers, dlq, 1);
      expect(letters.map((l) => [l.headers["dlq_reason"], l.headers["ingest_key_id"]])).toEqual([
        ["INVALID_EVENT", "batch"],
      ]);
      const written = JSON.stringify(
        [...records, ...letters].map((r) => [r.key, r.value?.toString("latin1"), r.headers]),
      );
      expect(written).not.toContain(mobileKey);
      expect(written).not.toContain(batchKey);

      const metrics = await (await fetch(`${svc.url}/metrics`)).text();
      expect(metrics.split("\n").filter((l) => l.startsWith("ingestor_key_events_total{"))).toEqual([
        'ingestor_key_events_total{key_id="mobile",outcome="accepted"} 10',
        'ingestor_key_events_total{key_id="mobile",outcome="rate_limited"} 10',
        'ingestor_key_events_total{key_id="batch",outcome="accepted"} 51',
        'ingestor_key_events_total{key_id="batch",outcome="rejected"} 1',
      ]);
    } finally {
      await svc.stop();
    }
  });
});
