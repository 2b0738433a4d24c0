import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeKafkaPort, permanentError, retriableError } from "../testing/fake-port.js";
import { Batcher, type BatcherOptions, type Outcome } from "./batcher.js";
import type { OutRecord } from "./port.js";

const OPTIONS: BatcherOptions = {
  topic: "events",
  lingerMs: 50,
  maxRecords: 100,
  maxBytes: 10_000,
  deliveryTimeoutMs: 1_000,
};

const rec = (name: string, opts: { key?: string; size?: number } = {}): OutRecord => ({
  key: opts.key ?? null,
  value: Buffer.from(name),
  headers: { ce_id: name },
  size: opts.size ?? 100,
});

const names = (records: readonly OutRecord[]) => records.map((r) => r.value?.toString());

function setup(options: Partial<BatcherOptions> = {}, maxMessageBytes?: number) {
  const port = new FakeKafkaPort({ events: { partitions: 4 } });
  const batches: { records: number; bytes: number; error?: string }[] = [];
  const batcher = new Batcher(
    { ...OPTIONS, ...options },
    {
      port,
      maxMessageBytes: () => maxMessageBytes,
      onBatch: (b) => {
        batches.push({ records: b.records, bytes: b.bytes, ...(b.error ? { error: b.error.kind } : {}) });
      },
    },
  );
  return { port, batcher, batches };
}

/** Collects a promise's value without awaiting it, so a test can check it has not settled yet. */
function track<T>(p: Promise<T>): { value: T | undefined; settled: boolean } {
  const box: { value: T | undefined; settled: boolean } = { value: undefined, settled: false };
  void p.then((v) => {
    box.value = v;
    box.settled = true;
  });
  return box;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Batcher", () => {
  it("holds records until the linger time, then sends them in one request", async () => {
    const { port, batcher } = setup();
    const done = track(batcher.enqueue([rec("a"), rec("b")]));
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs - 1);
    expect(port.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.calls).toHaveLength(1);
    expect(names(port.records("events"))).toEqual(["a", "b"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(done.value).toEqual([{ ok: true }, { ok: true }]);
  });

  it("sends at once when a batch reaches maxRecords, without waiting for the linger", async () => {
    const { port, batcher } = setup({ maxRecords: 3 });
    const done = track(batcher.enqueue([rec("a"), rec("b"), rec("c"), rec("d")]));
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b", "c"]]);
    expect(done.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b", "c"], ["d"]]);
    expect(done.value).toHaveLength(4);
  });

  it("sends at once when a batch reaches maxBytes", async () => {
    const { port, batcher } = setup({ maxBytes: 1_000 });
    void batcher.enqueue([rec("a", { size: 600 }), rec("b", { size: 400 })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b"]]);
  });

  it("starts a new batch with a record that would push the current one past maxBytes", async () => {
    const { port, batcher, batches } = setup({ maxBytes: 1_000 });
    void batcher.enqueue([rec("a", { size: 400 }), rec("b", { size: 400 }), rec("c", { size: 400 })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b"]]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b"], ["c"]]);
    expect(batches.map((b) => b.bytes)).toEqual([800, 400]);
  });

  it("sends the records of several concurrent requests in one produce request", async () => {
    const { port, batcher } = setup();
    const requests = [
      batcher.enqueue([rec("r1-a"), rec("r1-b")]),
      batcher.enqueue([rec("r2-a")]),
      batcher.enqueue([rec("r3-a"), rec("r3-b")]),
    ];
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls).toHaveLength(1);
    expect(names(port.calls[0]?.records ?? [])).toEqual(["r1-a", "r1-b", "r2-a", "r3-a", "r3-b"]);
    const outcomes = await Promise.all(requests);
    expect(outcomes.map((o) => o.length)).toEqual([2, 1, 2]);
  });

  it("with sendWhenIdle, sends a request's records at once when nothing is in flight, then lingers behind a busy slot", async () => {
    const { port, batcher } = setup({ sendWhenIdle: true, maxInFlight: 1 });
    port.fail("events", "hang", 1);
    void batcher.enqueue([rec("a"), rec("b")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b"]]);
    void batcher.enqueue([rec("c")]);
    void batcher.enqueue([rec("d")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls).toHaveLength(1);
    port.releaseHung();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
  });

  it("keeps a batch under the topic's max.message.bytes, which may be below KAFKA_BATCH_MAX_BYTES", async () => {
    const { port, batcher } = setup({ maxBytes: 10_000 }, 250);
    void batcher.enqueue([rec("a"), rec("b"), rec("c"), rec("d"), rec("e")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "b"], ["c", "d"], ["e"]]);
  });

  it("fails records retriably when Kafka does not acknowledge them within the delivery timeout", async () => {
    const { port, batcher, batches } = setup();
    port.fail("events", "hang");
    const done = track(batcher.enqueue([rec("a"), rec("b")]));
    // The timeout counts from enqueue: time spent queueing for a batch is part of what the client waits.
    await vi.advanceTimersByTimeAsync(OPTIONS.deliveryTimeoutMs - 1);
    expect(port.calls).toHaveLength(1);
    expect(done.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done.value?.map((o) => (o.ok ? "ok" : `${o.error.kind} retriable=${o.error.retriable}`))).toEqual([
      "timeout retriable=true",
      "timeout retriable=true",
    ]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(batches).toEqual([{ records: 2, bytes: 200, error: "timeout" }]);
  });

  it("lets records accumulate into one batch while the in-flight slot is busy", async () => {
    const { port, batcher } = setup({ maxInFlight: 1 });
    port.fail("events", "hang", 1);
    void batcher.enqueue([rec("first")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    void batcher.enqueue([rec("a")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    void batcher.enqueue([rec("b"), rec("c")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(port.calls).toHaveLength(1);
    port.releaseHung();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls.map((c) => names(c.records))).toEqual([["first"], ["a", "b", "c"]]);
  });

  it("does not send records whose request already timed out while they waited for a batch", async () => {
    // One record per batch, one batch in flight, and Kafka hanging: batches queue up behind the hung one.
    const { port, batcher } = setup({ maxInFlight: 1, maxRecords: 1 });
    port.fail("events", "hang", 2);
    void batcher.enqueue([rec("first")]);
    void batcher.enqueue([rec("second")]);
    await vi.advanceTimersByTimeAsync(10);
    const stale = track(batcher.enqueue([rec("stale")]));
    // "first" times out and frees the slot for "second", which hangs too; meanwhile "stale" times out queued.
    await vi.advanceTimersByTimeAsync(OPTIONS.deliveryTimeoutMs + 20);
    expect(stale.value?.[0]?.ok).toBe(false);
    const fresh = track(batcher.enqueue([rec("fresh")]));
    await vi.advanceTimersByTimeAsync(OPTIONS.deliveryTimeoutMs);
    expect(port.calls.map((c) => names(c.records))).toEqual([["first"], ["second"], ["fresh"]]);
    expect(fresh.value?.[0]?.ok).toBe(true);
  });

  it("fails every record of a batch with a retriable error, without resending them one by one", async () => {
    const { port, batcher } = setup();
    port.fail("events", retriableError());
    const outcomes = batcher.enqueue([rec("a"), rec("b")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect((await outcomes).map((o) => o.ok)).toEqual([false, false]);
    expect(port.calls).toHaveLength(1);
  });

  it("isolates the culprit of a permanent batch error by sending each record alone", async () => {
    const { port, batcher } = setup();
    port.failRecords("events", (r) => r.value?.toString() === "poison", permanentError());
    const outcomes = batcher.enqueue([rec("a"), rec("poison"), rec("c")]);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    const result: Outcome[] = await outcomes;
    expect(result.map((o) => o.ok)).toEqual([true, false, true]);
    expect(!result[1]?.ok && result[1]?.error.retriable).toBe(false);
    expect(port.calls.map((c) => names(c.records))).toEqual([["a", "poison", "c"], ["a"], ["poison"], ["c"]]);
    expect(names(port.records("events"))).toEqual(["a", "c"]);
  });

  it("resends only the refused partition's records, so records acknowledged in other partitions land once", async () => {
    const { port, batcher } = setup();
    const keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"];
    const records = keys.map((k) => rec(`v-${k}`, { key: k }));
    port.failRecords("events", (r) => r.key === "k3", permanentError());
    const outcomes = batcher.enqueue(records);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    const result = await outcomes;
    const [first] = port.calls;
    const poisoned = first?.partitions[keys.indexOf("k3")];
    const sharing = keys.filter((_, i) => first?.partitions[i] === poisoned);
    // The keys spread over several partitions, and one other key shares the poisoned partition.
    expect(new Set(first?.partitions).size).toBeGreaterThan(1);
    expect(sharing.length).toBeGreaterThan(1);
    expect(result.map((o) => o.ok)).toEqual(keys.map((k) => k !== "k3"));
    // Only the poisoned partition's records were sent again, one by one.
    expect(port.calls.slice(1).map((c) => c.records.map((r) => r.key))).toEqual(sharing.map((k) => [k]));
    const written = port.records("events").map((r) => r.key);
    expect([...written].sort()).toEqual(keys.filter((k) => k !== "k3"));
  });

  it("drain() sends what is buffered at once and waits for batches in flight", async () => {
    const { port, batcher } = setup({ lingerMs: 60_000 });
    port.fail("events", "hang", 1);
    void batcher.enqueue([rec("a")]);
    const drained = track(batcher.drain());
    await vi.advanceTimersByTimeAsync(0);
    expect(port.calls).toHaveLength(1);
    expect(drained.settled).toBe(false);
    port.releaseHung();
    await vi.advanceTimersByTimeAsync(0);
    expect(drained.settled).toBe(true);
    expect(names(port.records("events"))).toEqual(["a"]);
  });

  it("drain() resolves at once when nothing is buffered or in flight", async () => {
    const { port, batcher } = setup();
    await batcher.drain();
    expect(port.calls).toHaveLength(0);
  });
});
