import { describe, expect, it } from "vitest";
import { createHarness, errorCode, json, TOPIC } from "../testing/harness.js";
import { createRateLimiter, rateLimiterFor } from "./rate-limit.js";

describe("createRateLimiter", () => {
  it("lets a full bucket through, refuses what it cannot hold whole, and refills at the rate", () => {
    const clock = { now: 0 };
    const limit = { perSecond: 10, burst: 20 };
    const limiter = createRateLimiter({ limitOf: () => limit, now: () => clock.now });
    expect(limiter.take("a", 15)).toBeUndefined();
    // 5 left: 8 need 3 more tokens, 0.3 s at 10/s, rounded up to whole seconds.
    expect(limiter.take("a", 8)).toBe(1);
    expect(limiter.take("a", 5)).toBeUndefined();
    expect(limiter.take("a", 1)).toBe(1);
    clock.now += 2_000;
    expect(limiter.take("a", 20)).toBeUndefined();
    clock.now += 60_000;
    expect(limiter.take("a", 21)).toBe(1);
    expect(limiter.take("a", 20)).toBeUndefined();
  });

  it("keeps one bucket per client", () => {
    const limit = { perSecond: 1, burst: 5 };
    const limiter = createRateLimiter({ limitOf: () => limit, now: () => 0 });
    expect(limiter.take("a", 5)).toBeUndefined();
    expect(limiter.take("a", 1)).toBe(1);
    expect(limiter.take("b", 5)).toBeUndefined();
  });

  it("gives a key its own limit, the others the default, and an exempt key none", () => {
    const clock = { now: 0 };
    const limiter = rateLimiterFor(
      { perSecond: 1, burst: 2 },
      [
        { id: "big", limit: { perSecond: 100, burst: 300 } },
        { id: "free", limit: undefined },
      ],
      () => clock.now,
    );
    expect(limiter?.take("big", 300)).toBeUndefined();
    // 150 more tokens take 1.5 s at 100/s: 2 s.
    expect(limiter?.take("big", 150)).toBe(2);
    expect(limiter?.take("other", 2)).toBeUndefined();
    // 2 tokens at 1/s: 2 s.
    expect(limiter?.take("other", 2)).toBe(2);
    for (let i = 0; i < 3; i++) expect(limiter?.take("free", 1_000_000)).toBeUndefined();
    clock.now += 1_000;
    expect(limiter?.take("big", 100)).toBeUndefined();
  });

  it("is no limiter at all when neither a default nor any key is limited", () => {
    expect(rateLimiterFor(undefined, [{ id: "free", limit: undefined }], () => 0)).toBeUndefined();
    const onlyKey = rateLimiterFor(undefined, [{ id: "k", limit: { perSecond: 1, burst: 1 } }], () => 0);
    expect(onlyKey?.take("other", 1_000)).toBeUndefined();
    expect(onlyKey?.take("k", 2)).toBe(1);
  });
});

describe("RATE_LIMIT_EVENTS_PER_SECOND", () => {
  const env = {
    API_KEYS: "key-a,key-b",
    RATE_LIMIT_EVENTS_PER_SECOND: "2",
    RATE_LIMIT_BURST: "4",
    MAX_BATCH_EVENTS: "4",
  };
  const batch = (n: number): string => JSON.stringify(Array.from({ length: n }, () => ({ type: "t" })));
  const as = (key: string) => ({ "content-type": "application/json", "x-api-key": key });

  it("answers 429 RATE_LIMITED with Retry-After past a key's budget, writes nothing, and spares other keys", async () => {
    const clock = { now: 1_000_000 };
    const h = await createHarness({ env, now: () => clock.now });
    expect((await h.post(batch(3), as("key-a"))).status).toBe(202);
    const refused = await h.post(batch(2), as("key-a"));
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe("RATE_LIMITED");
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(h.port.records(TOPIC)).toHaveLength(3);
    expect(await json(await h.post(batch(4), as("key-b")))).toMatchObject({ accepted: 4 });
    clock.now += 1_000;
    expect((await h.post(batch(2), as("key-a"))).status).toBe(202);
  });

  it("is off by default", async () => {
    const h = await createHarness({ env: { MAX_BATCH_EVENTS: "4" } });
    for (let i = 0; i < 5; i++) expect((await h.post(batch(4))).status).toBe(202);
  });

  it("refuses a burst below MAX_BATCH_EVENTS at start-up: a full batch could never pass", async () => {
    await expect(createHarness({ env: { ...env, RATE_LIMIT_BURST: "3" } })).rejects.toThrow(
      /RATE_LIMIT_BURST: must be at least MAX_BATCH_EVENTS/,
    );
  });
});
