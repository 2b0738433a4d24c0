import { describe, expect, it, vi } from "vitest";
import { isRetriableKafkaError, withRetry } from "./retry.js";

/** What kafkajs throws while a deleted topic's metadata settles (KafkaJSProtocolError). */
function unknownTopic(): Error {
  return Object.assign(new Error("This server does not host this topic-partition"), {
    name: "KafkaJSProtocolError",
    type: "UNKNOWN_TOPIC_OR_PARTITION",
    code: 3,
    retriable: true,
  });
}

const policy = { attempts: 4, initialDelayMs: 100, maxDelayMs: 250 };

describe("withRetry", () => {
  it("tries again after a retriable error, with growing waits", async () => {
    const sleeps: number[] = [];
    const fn = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(unknownTopic())
      .mockRejectedValueOnce(unknownTopic())
      .mockResolvedValue("ok");
    const retried: number[] = [];
    const result = await withRetry(fn, isRetriableKafkaError, policy, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      onRetry: (attempt) => retried.push(attempt),
    });
    expect(result).toBe("ok");
    expect(fn).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([100, 200]);
    expect(retried).toEqual([1, 2]);
  });

  it("gives up after the bounded number of tries, keeping the last error", async () => {
    const fn = vi.fn(() => Promise.reject(unknownTopic()));
    const sleeps: number[] = [];
    const failure = withRetry(fn, isRetriableKafkaError, policy, {
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    });
    await expect(failure).rejects.toThrow(/gave up after 4 tries: This server does not host/);
    expect(fn).toHaveBeenCalledTimes(4);
    expect(sleeps).toEqual([100, 200, 250]);
  });

  it("fails at once on an error that is not retriable", async () => {
    const bad = Object.assign(new Error("Replication-factor is invalid"), {
      name: "KafkaJSProtocolError",
      type: "INVALID_REPLICATION_FACTOR",
      retriable: false,
    });
    const fn = vi.fn(() => Promise.reject(bad));
    await expect(
      withRetry(fn, isRetriableKafkaError, policy, { sleep: () => Promise.resolve() }),
    ).rejects.toBe(bad);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("isRetriableKafkaError", () => {
  it("knows transient Kafka errors by type, name, flag or what they wrap", () => {
    expect(isRetriableKafkaError(unknownTopic())).toBe(true);
    expect(isRetriableKafkaError({ name: "KafkaJSConnectionError" })).toBe(true);
    expect(isRetriableKafkaError({ name: "KafkaJSNumberOfRetriesExceeded", cause: unknownTopic() })).toBe(
      true,
    );
    expect(isRetriableKafkaError({ name: "KafkaJSAggregateError", errors: [unknownTopic()] })).toBe(true);
    expect(isRetriableKafkaError({ type: "LEADER_NOT_AVAILABLE" })).toBe(true);
  });

  it("refuses everything else", () => {
    expect(isRetriableKafkaError(new Error("boom"))).toBe(false);
    expect(isRetriableKafkaError({ type: "TOPIC_AUTHORIZATION_FAILED", retriable: false })).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
    expect(isRetriableKafkaError("UNKNOWN_TOPIC_OR_PARTITION")).toBe(false);
  });
});
