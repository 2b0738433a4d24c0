import { EventEmitter } from "node:events";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ProduceError } from "../../errors.js";
import { DELIVERED, type Delivery, type OutRecord, type TopicInfo } from "../port.js";
import { recordSize } from "../record.js";
import { serveProducer, type ThreadMessage, type InThreadProducer, type ThreadRequest } from "./protocol.js";
import type { WireRecord } from "./wire.js";
import { asThreadHandle, type ThreadHandle, WorkerKafkaPort, type WorkerPortOptions } from "./worker-port.js";

/** A producer thread without a thread: the protocol over a MessageChannel, a fake producer at the far end. */
class FakeThread implements ThreadHandle {
  readonly events = new EventEmitter();
  private readonly near: MessagePort;
  private readonly far: MessagePort;
  exited = false;

  constructor(producer: InThreadProducer) {
    const { port1, port2 } = new MessageChannel();
    this.near = port1;
    this.far = port2;
    serveProducer(
      {
        postMessage: (m) => {
          port2.postMessage(m);
        },
        on: (_event, listener) =>
          port2.on("message", (m: ThreadRequest) => {
            listener(m);
          }),
      },
      producer,
    );
    port1.on("message", (m: ThreadMessage) => this.events.emit("message", m));
  }

  /** A stuck thread: takes requests and never answers. */
  mute = false;

  postMessage(message: ThreadRequest, transfer?: readonly ArrayBuffer[]): void {
    if (this.mute) return;
    this.near.postMessage(message, transfer);
  }

  /** Lets the far end speak for itself (connection changes, log lines). */
  emitFromThread(message: ThreadMessage): void {
    this.far.postMessage(message);
  }

  on(event: string, listener: (arg: never) => void): this {
    this.events.on(event, listener as (arg: unknown) => void);
    return this;
  }

  crash(code = 1): void {
    this.close();
    this.events.emit("exit", code);
  }

  terminate(): Promise<number> {
    this.crash(1);
    return Promise.resolve(1);
  }

  close(): void {
    if (this.exited) return;
    this.exited = true;
    this.near.close();
    this.far.close();
  }
}

class FakeProducer implements InThreadProducer {
  readonly sent: { topic: string; records: readonly WireRecord[] }[] = [];
  connects = 0;
  calls = 0;
  failNext: Error | undefined;
  hang = false;

  connect(): Promise<void> {
    this.connects++;
    return Promise.resolve();
  }
  disconnect(): Promise<void> {
    return Promise.resolve();
  }
  /** Per-record outcomes the next send answers with (a Kafka client reports each record's fate). */
  answerNext: readonly Delivery[] | undefined;

  send(topic: string, records: readonly WireRecord[]): Promise<readonly Delivery[]> {
    this.calls++;
    if (this.hang) return new Promise(() => undefined);
    const err = this.failNext;
    this.failNext = undefined;
    if (err !== undefined) return Promise.reject(err);
    this.sent.push({ topic, records });
    const answer = this.answerNext ?? records.map(() => DELIVERED);
    this.answerNext = undefined;
    return Promise.resolve(answer);
  }
  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>> {
    return Promise.resolve(new Map(topics.map((t) => [t, { partitions: 3, maxMessageBytes: 1_048_588 }])));
  }
}

const rec = (key: string | null, value: string, headers: Record<string, string> = {}): OutRecord => ({
  key,
  value: Buffer.from(value),
  headers,
  size: recordSize(key, Buffer.from(value), headers),
});

const threads: FakeThread[] = [];
const logs: { level: string; message: string; entry: Record<string, unknown> }[] = [];
const exits: number[] = [];

function setup(producer = new FakeProducer(), options: Partial<WorkerPortOptions> = {}) {
  const port = new WorkerKafkaPort({
    spawn: () => {
      const t = new FakeThread(producer);
      threads.push(t);
      return t;
    },
    log: (level, entry, message) => logs.push({ level, entry, message }),
    restartDelayMs: 5,
    onUnexpectedExit: (code) => exits.push(code),
    ...options,
  });
  return { port, producer, thread: () => threads[threads.length - 1] };
}

const until = async (check: () => boolean, ms = 2_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 2));
  }
};

/** Lets the MessageChannel deliver what is in flight (its messages are real, not timers). */
const deliverMessages = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

/** Timers and the clock under the test's control; setImmediate and the channel stay real. */
const fakeClock = (): void => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "performance"] });
};

afterEach(() => {
  vi.useRealTimers();
  for (const t of threads.splice(0)) t.close();
  logs.length = 0;
  exits.length = 0;
});

describe("WorkerKafkaPort", () => {
  it("hands records to the producer thread intact and resolves when the thread acknowledges", async () => {
    const { port, producer } = setup();
    await port.connect();
    expect(port.isConnected()).toBe(true);
    const deliveries = await port.send("events", [rec("k1", "v1", { ce_id: "1" }), rec(null, "v2")]);
    expect(deliveries).toEqual([{ ok: true }, { ok: true }]);
    expect(producer.sent).toHaveLength(1);
    const [batch] = producer.sent;
    expect(batch?.topic).toBe("events");
    expect(batch?.records.map((r) => [r.key?.toString() ?? null, r.value?.toString()])).toEqual([
      ["k1", "v1"],
      [null, "v2"],
    ]);
    expect(batch?.records[0]?.headers["ce_id"]?.toString()).toBe("1");
  });

  it("keeps a Kafka error's class, retriable flag and kind across the thread boundary", async () => {
    const { port, producer } = setup();
    await port.connect();
    const refused = new ProduceError("Kafka refused the record: MESSAGE_TOO_LARGE", false, "record");
    const stale = new ProduceError("partition 5 did not acknowledge", true, "broker");
    producer.answerNext = [DELIVERED, { ok: false, error: refused }, { ok: false, error: stale }, DELIVERED];
    const deliveries = await port.send(
      "events",
      ["a", "b", "c", "d"].map((v) => rec(null, v)),
    );
    expect(deliveries.map((d) => d.ok)).toEqual([true, false, false, true]);
    const [, second, third] = deliveries;
    const errorOf = (d: Delivery | undefined) => (d === undefined || d.ok ? undefined : d.error);
    expect(errorOf(second)).toBeInstanceOf(ProduceError);
    expect(errorOf(second)).toMatchObject({ retriable: false, kind: "record", message: refused.message });
    expect(errorOf(third)).toMatchObject({ retriable: true, kind: "broker", message: stale.message });
  });

  it("returns topic metadata from the thread", async () => {
    const { port } = setup();
    const topics = await port.describeTopics(["events", "events.dlq"]);
    expect(topics.get("events.dlq")).toEqual({ partitions: 3, maxMessageBytes: 1_048_588 });
  });

  it("follows the thread's connection events and forwards its log lines", async () => {
    const { port, thread } = setup();
    await port.connect();
    thread()?.emitFromThread({ type: "connected", connected: false });
    thread()?.emitFromThread({ type: "log", level: "warn", entry: { broker: "b:9092" }, message: "lost" });
    await until(() => logs.length > 0);
    expect(port.isConnected()).toBe(false);
    expect(logs).toEqual([{ level: "warn", entry: { broker: "b:9092" }, message: "lost" }]);
  });

  it("fails what was in flight retriably when the thread dies, then restarts it and reconnects", async () => {
    const { port, producer, thread } = setup();
    await port.connect();
    producer.hang = true;
    const inflight = port.send("events", [rec(null, "lost in the crash")]);
    await until(() => producer.calls === 1);
    thread()?.crash(7);
    await expect(inflight).rejects.toMatchObject({
      name: "ProduceError",
      retriable: true,
      kind: "connection",
    });
    expect(port.isConnected()).toBe(false);
    // While no thread runs, a send fails at once (503 for the client), it does not wait for a timeout.
    await expect(port.send("events", [rec(null, "meanwhile")])).rejects.toMatchObject({ retriable: true });
    producer.hang = false;
    await until(() => threads.length === 2 && port.isConnected());
    expect(producer.connects).toBe(2);
    await port.send("events", [rec(null, "after restart")]);
    expect(producer.sent.map((b) => b.records[0]?.value?.toString())).toEqual(["after restart"]);
    expect(logs.some((l) => l.level === "error" && l.entry["code"] === 7)).toBe(true);
    expect(exits).toEqual([7]);
  });

  it("terminates a thread that does not answer disconnect within its timeout, so shutdown goes on", async () => {
    const producer = new FakeProducer();
    producer.disconnect = () => new Promise(() => undefined);
    const { port } = setup(producer, { disconnectTimeoutMs: 20 });
    await port.connect();
    await port.disconnect();
    expect(threads[0]?.exited).toBe(true);
    expect(port.isConnected()).toBe(false);
  });

  it("replaces a thread that stops answering, failing what it held retriably", async () => {
    fakeClock();
    const { port } = setup(new FakeProducer(), { stallMs: 60, pingEveryMs: 10 });
    await port.connect();
    // An answering thread is left alone, pings and all, however long it runs.
    for (let i = 0; i < 30; i++) {
      await vi.advanceTimersByTimeAsync(10);
      await deliverMessages();
    }
    expect(threads).toHaveLength(1);
    const stuck = threads[0];
    if (stuck === undefined) throw new Error("no thread");
    stuck.mute = true;
    const held = port.send("events", [rec(null, "never answered")]);
    let settled = false;
    held.catch(() => undefined).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(60);
    await deliverMessages();
    expect(settled).toBe(false); // silent for exactly stallMs: not yet
    await vi.advanceTimersByTimeAsync(10);
    await expect(held).rejects.toMatchObject({ retriable: true });
    await vi.advanceTimersByTimeAsync(5); // restartDelayMs
    await deliverMessages();
    expect(threads).toHaveLength(2);
    expect(port.isConnected()).toBe(true);
    expect(logs.some((l) => l.message.includes("stuck"))).toBe(true);
    expect(exits).toHaveLength(1);
    await port.send("events", [rec(null, "after")]);
    await port.disconnect();
  });

  it("learns how busy the producer thread's event loop is from its answers to pings", async () => {
    const { port } = setup(new FakeProducer(), { pingEveryMs: 5 });
    expect(port.loopBusyMs()).toBeUndefined();
    await until(() => port.loopBusyMs() !== undefined);
    expect(port.loopBusyMs()).toBeGreaterThan(0);
    await port.disconnect();
  });

  it("lets the exit of a thread it already replaced fail nothing sent to the new one", async () => {
    const producer = new FakeProducer();
    const { port } = setup(producer);
    await port.connect();
    const old = threads[0];
    if (old === undefined) throw new Error("no thread");
    // disconnect() and an immediate connect(): the old thread's exit event may come after the new one started.
    old.terminate = () => Promise.resolve(0);
    await port.disconnect();
    await port.connect();
    producer.hang = true;
    const onNew = port.send("events", [rec(null, "on the new thread")]);
    let settled = "pending";
    onNew.then(
      () => (settled = "resolved"),
      () => (settled = "rejected"),
    );
    await until(() => producer.calls === 1);
    old.crash(1);
    // A wrongly failed request is rejected inside the exit handler: every message and microtask is through.
    await deliverMessages();
    expect(settled).toBe("pending");
    expect(port.isConnected()).toBe(true);
  });

  it("does not restart a thread that disconnect() ended", async () => {
    fakeClock();
    const { port } = setup();
    await port.connect();
    await port.disconnect();
    await vi.advanceTimersByTimeAsync(60_000); // far past restartDelayMs and any watchdog tick
    await deliverMessages();
    expect(threads).toHaveLength(1);
    expect(exits).toEqual([]);
    expect(port.isConnected()).toBe(false);
    await expect(port.send("events", [rec(null, "x")])).rejects.toMatchObject({ retriable: true });
  });
});

// A real worker thread speaking the protocol: counts the records in each packed batch it receives (so the
// transfer across threads is real) and exits with code 3 when asked to send to topic "crash".
const REAL_THREAD = `
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (m) => {
  if (m.op === "send" && m.topic === "crash") process.exit(3);
  if (m.op === "send") {
    const count = new DataView(m.packed.buffer).getUint32(0, true);
    parentPort.postMessage({ type: "log", level: "info", entry: { count, bytes: m.packed.length }, message: "batch" });
    const outcome = new Int32Array(count).fill(-1);
    return parentPort.postMessage({ type: "reply", id: m.id, ok: true, value: { outcome, errors: [] } });
  }
  parentPort.postMessage({ type: "reply", id: m.id, ok: true });
});
`;

describe("WorkerKafkaPort on a real worker thread", () => {
  it("transfers each batch as one buffer, and replaces a thread that exits", async () => {
    const workers: Worker[] = [];
    const port = new WorkerKafkaPort({
      spawn: () => {
        const w = new Worker(REAL_THREAD, { eval: true });
        workers.push(w);
        return asThreadHandle(w);
      },
      log: (level, entry, message) => logs.push({ level, entry, message }),
      restartDelayMs: 5,
      onUnexpectedExit: (code) => exits.push(code),
    });
    try {
      await port.connect();
      const deliveries = await port.send("events", [rec("k", "v1", { ce_id: "1" }), rec(null, "v2")]);
      expect(deliveries).toEqual([{ ok: true }, { ok: true }]);
      expect(logs.find((l) => l.message === "batch")?.entry).toMatchObject({ count: 2 });
      await expect(port.send("crash", [rec(null, "x")])).rejects.toMatchObject({
        name: "ProduceError",
        retriable: true,
      });
      expect(exits).toEqual([3]);
      await until(() => workers.length === 2 && port.isConnected());
      await port.send("events", [rec(null, "after")]);
      expect(logs.filter((l) => l.message === "batch").map((l) => l.entry["count"])).toEqual([2, 1]);
    } finally {
      await port.disconnect();
      await Promise.all(workers.map((w) => w.terminate()));
    }
  });
});
