import { afterEach, describe, expect, it, vi } from "vitest";
import { refreshDelay, TokenManager, type KafkaToken } from "./token.js";

const HOUR = 3_600_000;

/** A fake credential source: each fetch a new token valid for `lifetimeMs` from the (fake) clock. */
function source(lifetimeMs = HOUR) {
  let n = 0;
  let failing: Error | undefined;
  const fetch = vi.fn(async (): Promise<KafkaToken> => {
    await Promise.resolve();
    if (failing !== undefined) throw failing;
    n++;
    return { value: `token-${n}`, expiresAt: Date.now() + lifetimeMs, principal: "svc@example" };
  });
  return {
    fetch,
    fail(err = new Error("metadata server unreachable")) {
      failing = err;
    },
    heal() {
      failing = undefined;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("refreshDelay", () => {
  it("refreshes at 80% of the lifetime, or 60 s before expiry when that comes first, never before half", () => {
    expect(refreshDelay(900_000)).toBe(720_000); // MSK IAM: 80% (12 min) before 14 min
    expect(refreshDelay(HOUR)).toBe(2_880_000); // Entra ID / Google: 80%
    expect(refreshDelay(200_000)).toBe(140_000); // 60 s before expiry comes first
    expect(refreshDelay(100_000)).toBe(50_000); // a short token is still used for half its life
  });
});

describe("TokenManager", () => {
  it("serves the cached token and refreshes it before it expires, without being asked", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const s = source(900_000);
    const m = new TokenManager({ mechanism: "aws-msk-iam", fetch: s.fetch });
    m.start();
    const first = await m.token();
    expect(first.value).toBe("token-1");
    expect(await m.token()).toBe(first);
    expect(s.fetch).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(720_000 - 1);
    expect(s.fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.fetch).toHaveBeenCalledTimes(2);
    const second = await m.token();
    expect(second.value).toBe("token-2");
    // The refresh happened while the first token was still valid (3 minutes left).
    expect(first.expiresAt - Date.now()).toBe(180_000);
    expect(m.status()).toMatchObject({ ok: true, principal: "svc@example", expiresAt: second.expiresAt });
    m.stop();
  });

  it("asks the source once for concurrent callers", async () => {
    const s = source();
    const m = new TokenManager({ mechanism: "oauthbearer-gcp", fetch: s.fetch });
    const tokens = await Promise.all([m.token(), m.token(), m.token()]);
    expect(new Set(tokens).size).toBe(1);
    expect(s.fetch).toHaveBeenCalledTimes(1);
  });

  it("is not ready until the first token arrives", async () => {
    const s = source();
    const m = new TokenManager({ mechanism: "oauthbearer-azure", fetch: s.fetch });
    expect(m.status()).toEqual({ ok: false, problem: "Kafka credentials (oauthbearer-azure): no token yet" });
    expect(m.usable()).toBe(false);
    await m.token();
    expect(m.status().ok).toBe(true);
    expect(m.usable()).toBe(true);
  });

  it("a failed refresh fails status at once, keeps the still-valid token in use, retries with back-off and recovers", async () => {
    vi.useFakeTimers({ now: 0 });
    const s = source(HOUR);
    const log = vi.fn();
    const m = new TokenManager({
      mechanism: "oauthbearer-gcp",
      fetch: s.fetch,
      log,
      retryMs: 1_000,
      maxRetryMs: 4_000,
    });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = await m.token();

    s.fail();
    await vi.advanceTimersByTimeAsync(2_880_000); // the scheduled refresh, at 80%
    expect(s.fetch).toHaveBeenCalledTimes(2);
    expect(m.status().ok).toBe(false);
    expect(m.status().problem).toContain("last token refresh failed");
    expect(m.usable()).toBe(true);
    expect(await m.token()).toBe(first); // asking again fails again, and still answers the valid token
    expect(log).toHaveBeenCalledWith(
      "error",
      expect.objectContaining({ err: "Error: metadata server unreachable", mechanism: "oauthbearer-gcp" }),
      expect.any(String),
    );

    // Retries: 1 s, 2 s, 4 s, 4 s ... (the direct call above counted as a failure too).
    const before = s.fetch.mock.calls.length;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(s.fetch.mock.calls.length).toBe(before + 1);

    s.heal();
    await vi.advanceTimersByTimeAsync(4_000);
    expect(m.status().ok).toBe(true);
    expect((await m.token()).value).toBe("token-2");
    expect(log).toHaveBeenCalledWith("info", expect.anything(), "Kafka token refresh recovered");
    m.stop();
  });

  it("once the last token expired without a successful refresh, token() rejects and the token is not usable", async () => {
    vi.useFakeTimers({ now: 0 });
    const s = source(HOUR);
    const m = new TokenManager({ mechanism: "aws-msk-iam", fetch: s.fetch, retryMs: HOUR });
    await m.token();
    s.fail(new Error("STS throttled"));
    vi.setSystemTime(HOUR);
    await expect(m.token()).rejects.toThrow("Kafka token refresh failed (aws-msk-iam): Error: STS throttled");
    expect(m.usable()).toBe(false);
    expect(m.status().ok).toBe(false);
  });

  it("refuses an already expired or empty token from the source as a failed refresh", async () => {
    const expired = new TokenManager({
      mechanism: "aws-msk-iam",
      fetch: () => Promise.resolve({ value: "x", expiresAt: Date.now() - 1, principal: "p" }),
    });
    await expect(expired.token()).rejects.toThrow("returned an expired token");
    const empty = new TokenManager({
      mechanism: "aws-msk-iam",
      fetch: () => Promise.resolve({ value: "", expiresAt: Date.now() + HOUR, principal: "p" }),
    });
    await expect(empty.token()).rejects.toThrow("returned an empty token");
    expect(empty.status().ok).toBe(false);
  });

  it("stop() ends the refreshes", async () => {
    vi.useFakeTimers({ now: 0 });
    const s = source(HOUR);
    const m = new TokenManager({ mechanism: "oauthbearer-gcp", fetch: s.fetch });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    m.stop();
    await vi.advanceTimersByTimeAsync(10 * HOUR);
    expect(s.fetch).toHaveBeenCalledTimes(1);
  });
});
