import { ProduceError } from "../errors.js";
import type { KafkaPort, OutRecord } from "./port.js";

export type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: ProduceError };

export interface BatcherOptions {
  readonly topic: string;
  readonly lingerMs: number;
  readonly maxRecords: number;
  readonly maxBytes: number;
  /** A batch not acknowledged within this time fails retriably (the client gets 503, never a false 2xx). */
  readonly deliveryTimeoutMs: number;
}

export interface BatcherDeps {
  readonly port: KafkaPort;
  /** Partition count of the topic, when known; keyless records of one batch share one partition. */
  readonly partitions: () => number | undefined;
  readonly onBatch?: (batch: {
    records: number;
    bytes: number;
    durationMs: number;
    error?: ProduceError;
  }) => void;
}

interface Entry {
  readonly record: OutRecord;
  readonly resolve: (outcome: Outcome) => void;
}

export function toProduceError(err: unknown): ProduceError {
  if (err instanceof ProduceError) return err;
  return new ProduceError(err instanceof Error ? err.message : String(err), true, "unknown", { cause: err });
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ProduceError(`${what} not acknowledged within ${ms} ms`, true, "timeout"));
    }, ms);
  });
  // The send may still settle after the timeout; its result no longer matters, but must not go unhandled.
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Batches records across concurrent requests in front of the Kafka client: a batch is sent when it has
 * waited `lingerMs`, or holds `maxRecords` records or `maxBytes` bytes, whichever comes first. Each caller
 * awaits the outcome of the batches that hold its records.
 */
export class Batcher {
  private entries: Entry[] = [];
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inflight = new Set<Promise<void>>();
  private stickyCounter = Math.floor(Math.random() * 1_000_000);

  constructor(
    private readonly options: BatcherOptions,
    private readonly deps: BatcherDeps,
  ) {}

  /** Resolves with one outcome per record, in order. Never rejects. */
  enqueue(records: readonly OutRecord[]): Promise<Outcome[]> {
    return Promise.all(records.map((r) => this.add(r)));
  }

  /** Records waiting for a flush plus records in batches being sent. */
  get pending(): number {
    return this.entries.length + this.inflight.size;
  }

  /** Sends what is buffered now and waits for every batch in flight. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private add(record: OutRecord): Promise<Outcome> {
    return new Promise((resolve) => {
      if (this.entries.length > 0 && this.bytes + record.size > this.options.maxBytes) this.flush();
      this.entries.push({ record, resolve });
      this.bytes += record.size;
      if (this.entries.length >= this.options.maxRecords || this.bytes >= this.options.maxBytes) this.flush();
      else
        this.timer ??= setTimeout(() => {
          this.flush();
        }, this.options.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.entries.length === 0) return;
    const entries = this.entries;
    const bytes = this.bytes;
    this.entries = [];
    this.bytes = 0;
    const sending = this.send(entries, bytes).finally(() => this.inflight.delete(sending));
    this.inflight.add(sending);
  }

  private async send(entries: readonly Entry[], bytes: number): Promise<void> {
    const partitions = this.deps.partitions();
    const sticky = partitions === undefined || partitions < 1 ? undefined : this.stickyCounter++ % partitions;
    const records = entries.map(({ record }) =>
      record.key === null && sticky !== undefined ? { ...record, partition: sticky } : record,
    );
    const started = performance.now();
    try {
      await this.deliver(records);
      this.deps.onBatch?.({ records: records.length, bytes, durationMs: performance.now() - started });
      for (const e of entries) e.resolve({ ok: true });
    } catch (err) {
      const error = toProduceError(err);
      this.deps.onBatch?.({ records: records.length, bytes, durationMs: performance.now() - started, error });
      if (error.retriable || entries.length === 1) {
        for (const e of entries) e.resolve({ ok: false, error });
        return;
      }
      // A permanent error names no record: send each alone so only the culprits are rejected.
      await Promise.all(
        entries.map(async (e, i) => {
          try {
            await this.deliver([records[i] ?? e.record]);
            e.resolve({ ok: true });
          } catch (single) {
            e.resolve({ ok: false, error: toProduceError(single) });
          }
        }),
      );
    }
  }

  private deliver(records: readonly OutRecord[]): Promise<void> {
    return withTimeout(
      this.deps.port.send(this.options.topic, records),
      this.options.deliveryTimeoutMs,
      `batch of ${records.length}`,
    );
  }
}
