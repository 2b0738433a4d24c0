import { describe, expect, inject, it } from "vitest";
import { recordCount } from "../support/kafka.js";
import { postEvents, startOnNewTopics } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");

describe("rate limit per API key on the real broker", () => {
  it("answers 429 RATE_LIMITED with Retry-After past a key's budget, writes none of that request, spares other keys", async () => {
    const { svc, topic, dlq } = await startOnNewTopics(brokers, "ratelimit", {
      API_KEYS: "key-a,key-b",
      RATE_LIMIT_EVENTS_PER_SECOND: "1",
      RATE_LIMIT_BURST: "10",
      MAX_BATCH_EVENTS: "10",
    });
    try {
      const batch = (n: number, key: string): string =>
        JSON.stringify(Array.from({ length: n }, (_, i) => ({ type: "rl", id: `${key}-${n}-${i}` })));
      const as = (key: string) => ({ "content-type": "application/json", "x-api-key": key });
      expect((await postEvents(svc.url, batch(8, "a"), as("key-a"))).status).toBe(202);
      const refused = await postEvents(svc.url, batch(10, "a"), as("key-a"));
      expect(refused.status).toBe(429);
      expect(refused.json).toMatchObject({ error: { code: "RATE_LIMITED" } });
      // 2 tokens left, 10 needed: 8 s at 1/s (the test has that much slack before a refill lets it through).
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect((await postEvents(svc.url, batch(10, "b"), as("key-b"))).status).toBe(202);
      expect(await recordCount(brokers, topic)).toBe(18);
      expect(await recordCount(brokers, dlq)).toBe(0);
    } finally {
      await svc.stop();
    }
  });
});
