import { Worker } from "node:worker_threads";
import type { Config } from "../../config.js";
import { ProduceError } from "../../errors.js";
import type { KafkaLogSink } from "../kafkajs.js";
import type { Delivery, KafkaPort, OutRecord, TopicInfo } from "../port.js";
import {
  fromWireDeliveries,
  fromWireError,
  type Pong,
  type ThreadMessage,
  type ThreadRequest,
  type WireDeliveries,
} from "./protocol.js";
import { PRODUCER_THREAD_HEAP_MIB } from "../../settings.js";
import { packRecords } from "./wire.js";

/**
 * Its young generation: V8's default let the thread's RSS grow by ~40 MB under batch load; 8 MB cost no
 * measurable throughput (S2: 145/158 vs 141/162 req/s, alternating runs) and keeps the process in its bound.
 */
export const PRODUCER_THREAD_YOUNG_MB = 8;

/** What the port needs of a worker thread; tests pass one built on a MessageChannel. */
export interface ThreadHandle {
  postMessage(message: ThreadRequest, transfer?: readonly ArrayBuffer[]): void;
  on(event: "message", listener: (message: ThreadMessage) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

/** Adapts a Node worker thread to what the port needs. */
export function asThreadHandle(worker: Worker): ThreadHandle {
  return {
    postMessage: (message, transfer) => {
      worker.postMessage(message, transfer);
    },
    on: (event: "message" | "error" | "exit", listener: (arg: never) => void) =>
      worker.on(event, listener as (arg: unknown) => void),
    terminate: () => worker.terminate(),
  };
}

export function spawnProducerWorker(config: Config["kafka"]): ThreadHandle {
  return asThreadHandle(
    new Worker(new URL("./producer-worker.js", import.meta.url), {
      workerData: config,
      name: "kafka-producer",
      resourceLimits: {
        // The thread's own heap bound (the contract's, which k8s-app reserves); the HTTP thread's is NODE_OPTIONS'.
        maxOldGenerationSizeMb: PRODUCER_THREAD_HEAP_MIB,
        maxYoungGenerationSizeMb: PRODUCER_THREAD_YOUNG_MB,
      },
    }),
  );
}

export interface WorkerPortOptions {
  readonly spawn: () => ThreadHandle;
  readonly log: KafkaLogSink;
  /** Wait before starting a new thread after one died. */
  readonly restartDelayMs?: number;
  /** How long disconnect() waits for the thread's own disconnect before terminating it. */
  readonly disconnectTimeoutMs?: number;
  /**
   * A thread silent this long is stuck: it is terminated and replaced, as if it had crashed. Default 30 s:
   * far beyond any GC pause or batch encoding.
   */
  readonly stallMs?: number;
  /** How often the thread is pinged (each answer also reports how busy its event loop was). Default 1 s. */
  readonly pingEveryMs?: number;
  /** Called when a thread exits without disconnect() having asked it to (a crash, an out-of-memory kill). */
  readonly onUnexpectedExit?: (code: number) => void;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** The thread the request went to: only its exit fails the request. */
  readonly thread: ThreadHandle;
}

const threadDown = (why: string): ProduceError => new ProduceError(why, true, "connection");

/**
 * KafkaPort whose Kafka client runs on a worker thread. Records cross as one transferred buffer per batch.
 * If the thread dies, what it had in flight fails retriably (the clients get 503, nothing is acknowledged
 * that was not written) and a new thread starts and reconnects.
 */
export class WorkerKafkaPort implements KafkaPort {
  private thread: ThreadHandle | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private connected = false;
  private wantConnected = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private lastHeardAt = 0;
  private busyMs: number | undefined;

  constructor(private readonly options: WorkerPortOptions) {
    this.start();
  }

  /** Pings the thread; terminates it (and so restarts it) when it has said nothing for `stallMs`. */
  private checkAlive(): void {
    const thread = this.thread;
    if (thread === undefined) return;
    const stallMs = this.options.stallMs ?? 30_000;
    const silentMs = performance.now() - this.lastHeardAt;
    if (silentMs > stallMs) {
      this.options.log(
        "error",
        { silentMs: Math.round(silentMs) },
        "Kafka producer thread stuck; replacing it",
      );
      void thread.terminate();
      return;
    }
    const pinged = thread;
    this.request<Pong>((id) => ({ op: "ping", id })).then(
      (pong) => {
        if (pinged === this.thread) this.busyMs = pong.busyMs;
      },
      () => undefined,
    );
  }

  /**
   * Milliseconds the current producer thread's event loop has been busy, as of its last ping answer; it
   * starts from 0 with each new thread. Undefined until the first answer.
   */
  loopBusyMs(): number | undefined {
    return this.busyMs;
  }

  async connect(): Promise<void> {
    this.wantConnected = true;
    if (this.thread === undefined && this.restartTimer === undefined) this.start();
    await this.request((id) => ({ op: "connect", id }));
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.wantConnected = false;
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    const thread = this.thread;
    if (thread === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A thread that does not answer (stuck, or its broker gone) must not hold shutdown: terminate it anyway.
      await Promise.race([
        this.request((id) => ({ op: "disconnect", id })).catch(() => undefined),
        new Promise((resolve) => (timer = setTimeout(resolve, this.options.disconnectTimeoutMs ?? 5_000))),
      ]);
    } finally {
      clearTimeout(timer);
      this.thread = undefined;
      this.connected = false;
      await thread.terminate();
    }
  }

  isConnected(): boolean {
    return this.connected && this.thread !== undefined;
  }

  async send(topic: string, records: readonly OutRecord[]): Promise<readonly Delivery[]> {
    const packed = packRecords(records);
    const wire = await this.request<WireDeliveries>(
      (id) => ({ op: "send", id, topic, packed }),
      [packed.buffer],
    );
    return fromWireDeliveries(wire);
  }

  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>> {
    return this.request((id) => ({ op: "describe", id, topics }));
  }

  private request<T>(build: (id: number) => ThreadRequest, transfer?: readonly ArrayBuffer[]): Promise<T> {
    const thread = this.thread;
    if (thread === undefined) return Promise.reject(threadDown("the Kafka producer thread is restarting"));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, thread });
      thread.postMessage(build(id), transfer);
    });
  }

  private start(): void {
    this.restartTimer = undefined;
    const thread = this.options.spawn();
    this.thread = thread;
    this.lastHeardAt = performance.now();
    this.busyMs = undefined;
    this.watchdog ??= setInterval(() => {
      this.checkAlive();
    }, this.options.pingEveryMs ?? 1_000);
    this.watchdog.unref();
    thread.on("message", (message) => {
      if (thread === this.thread) this.lastHeardAt = performance.now();
      this.onMessage(message);
    });
    thread.on("error", (error) => {
      this.options.log("error", { err: error.message, stack: error.stack }, "Kafka producer thread failed");
    });
    thread.on("exit", (code) => {
      this.onExit(thread, code);
    });
  }

  private onMessage(message: ThreadMessage): void {
    switch (message.type) {
      case "reply": {
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(fromWireError(message.error));
        return;
      }
      case "connected":
        this.connected = message.connected;
        return;
      case "log":
        this.options.log(message.level, message.entry, message.message);
        return;
    }
  }

  private onExit(thread: ThreadHandle, code: number): void {
    let failed = 0;
    for (const [id, pending] of this.pending) {
      if (pending.thread !== thread) continue;
      this.pending.delete(id);
      pending.reject(threadDown(`the Kafka producer thread exited (code ${code})`));
      failed++;
    }
    if (thread !== this.thread) return; // terminated by disconnect()
    this.thread = undefined;
    this.connected = false;
    this.options.log(
      "error",
      { code, failedRequests: failed },
      "Kafka producer thread exited; restarting it",
    );
    this.options.onUnexpectedExit?.(code);
    this.restartTimer = setTimeout(() => {
      this.start();
      if (this.wantConnected) this.reconnect();
    }, this.options.restartDelayMs ?? 500);
  }

  private reconnect(): void {
    this.request((id) => ({ op: "connect", id })).then(
      () => {
        this.connected = true;
      },
      (err: unknown) => {
        this.options.log("warn", { err: String(err) }, "cannot reconnect to Kafka yet; retrying");
        if (!this.wantConnected || this.thread === undefined) return;
        this.restartTimer ??= setTimeout(() => {
          this.restartTimer = undefined;
          if (this.wantConnected && this.thread !== undefined) this.reconnect();
        }, this.options.restartDelayMs ?? 500);
      },
    );
  }
}
