import { ProduceError } from "../errors.js";
import { deliver } from "./deliver.js";
import type { Delivery, KafkaPort, OutRecord } from "./port.js";
import type { BatchReport, RecordSender } from "./sender.js";

export type Outcome = Delivery;

export interface BatcherOptions {
  readonly topic: string;
  readonly lingerMs: number;
  readonly maxRecords: number;
  readonly maxBytes: number;
  /** Records not acknowledged within this time (queueing included) fail retriably: 503, never a false 2xx. */
  readonly deliveryTimeoutMs: number;
  /**
   * Batches sent at once. While all slots are busy, records keep accumulating, so batches grow with load
   * instead of queueing as many small produce requests (kafkajs' idempotent producer sends one at a time).
   */
  readonly maxInFlight?: number;
  /** Send at once, without the linger, when no batch is in flight or queued (a lone request waits for nothing). */
  readonly sendWhenIdle?: boolean;
}

export interface BatcherDeps {
  readonly port: KafkaPort;
  /**
   * The topic's max.message.bytes, when known. Keyless records of a batch share one partition, so the batch
   * is one record batch for the broker: kept under this limit it is never refused as a whole.
   */
  readonly maxMessageBytes?: () => number | undefined;
  readonly onBatch?: (batch: BatchReport) => void;
}

/** The records of one `enqueue` call: one promise for all of them, not one per record. */
interface Group {
  readonly outcomes: Outcome[];
  pending: number;
  readonly resolve: (outcomes: Outcome[]) => void;
  /** Its request already answered 503 (delivery timeout): sending it now would only delay fresh traffic. */
  abandoned: boolean;
}

interface Entry {
  readonly record: OutRecord;
  readonly group: Group;
  readonly index: number;
}

/**
 * Batches records across concurrent requests in front of the Kafka client: a batch is sealed when it has
 * waited `lingerMs`, or holds `maxRecords` records or `maxBytes` bytes, whichever comes first — or at once
 * when nothing is in flight — and sent as soon as one of `maxInFlight` slots is free. Each caller awaits the outcome of the batches holding its records.
 */
export class Batcher implements RecordSender {
  private current: Entry[] = [];
  private bytes = 0;
  private readonly sealed: { entries: Entry[]; bytes: number }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lingerExpired = false;
  private readonly inflight = new Set<Promise<void>>();
  private readonly maxInFlight: number;

  constructor(
    private readonly options: BatcherOptions,
    private readonly deps: BatcherDeps,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  }

  /** Resolves with one outcome per record, in order. Never rejects. */
  enqueue(records: readonly OutRecord[]): Promise<Outcome[]> {
    if (records.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      // Queueing counts against the delivery timeout: a saturated client must not hold requests unboundedly.
      const timer = setTimeout(() => {
        group.abandoned = true;
        group.pending = -1;
        this.dropAbandoned();
        const error = new ProduceError(
          `not acknowledged within ${this.options.deliveryTimeoutMs} ms`,
          true,
          "timeout",
        );
        resolve(records.map(() => ({ ok: false, error })));
      }, this.options.deliveryTimeoutMs);
      const group: Group = {
        outcomes: new Array<Outcome>(records.length),
        pending: records.length,
        abandoned: false,
        resolve: (outcomes) => {
          clearTimeout(timer);
          resolve(outcomes);
        },
      };
      records.forEach((record, index) => {
        this.add({ record, group, index });
      });
      // Nothing in flight and nothing queued: a request's events go at once instead of waiting out the
      // linger; under load a batch is always in flight, and records accumulate behind it as before.
      if (this.options.sendWhenIdle === true && this.inflight.size === 0 && this.sealed.length === 0) {
        this.seal();
        this.pump();
      }
    });
  }

  private settle(entry: Entry, outcome: Outcome): void {
    const group = entry.group;
    group.outcomes[entry.index] = outcome;
    if (--group.pending === 0) group.resolve(group.outcomes);
  }

  /** Sends everything buffered now and waits until every batch is acknowledged or failed. */
  async drain(): Promise<void> {
    this.seal();
    this.pump();
    while (this.inflight.size > 0 || this.sealed.length > 0) {
      await Promise.allSettled([...this.inflight]);
      this.pump();
    }
  }

  private add(entry: Entry): void {
    const size = entry.record.size;
    const maxBytes = Math.min(this.options.maxBytes, this.deps.maxMessageBytes?.() ?? Infinity);
    if (this.current.length > 0 && this.bytes + size > maxBytes) this.seal();
    this.current.push(entry);
    this.bytes += size;
    if (this.current.length >= this.options.maxRecords || this.bytes >= maxBytes) this.seal();
    else
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.lingerExpired = true;
        this.pump();
      }, this.options.lingerMs);
    this.pump();
  }

  /** Frees queued records whose requests were answered already, so a long outage cannot pile them up. */
  private dropAbandoned(): void {
    const keep = (entries: Entry[]): Entry[] => entries.filter((e) => !e.group.abandoned);
    const size = (entries: readonly Entry[]): number => entries.reduce((sum, e) => sum + e.record.size, 0);
    this.current = keep(this.current);
    this.bytes = size(this.current);
    for (let i = this.sealed.length - 1; i >= 0; i--) {
      const batch = this.sealed[i];
      if (batch === undefined) continue;
      const entries = keep(batch.entries);
      if (entries.length === 0) this.sealed.splice(i, 1);
      else this.sealed[i] = { entries, bytes: size(entries) };
    }
  }

  private seal(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.lingerExpired = false;
    if (this.current.length === 0) return;
    this.sealed.push({ entries: this.current, bytes: this.bytes });
    this.current = [];
    this.bytes = 0;
  }

  private pump(): void {
    while (this.inflight.size < this.maxInFlight) {
      if (this.sealed.length === 0 && this.lingerExpired && this.current.length > 0) this.seal();
      const batch = this.sealed.shift();
      if (batch === undefined) return;
      const sending = this.send(batch.entries, batch.bytes).finally(() => {
        this.inflight.delete(sending);
        this.pump();
      });
      this.inflight.add(sending);
    }
  }

  private async send(queued: readonly Entry[], queuedBytes: number): Promise<void> {
    // Records whose requests were already answered 503 are not sent: after an outage they would otherwise
    // reach Kafka ahead of fresh traffic (and only as duplicates of the client's retries).
    const entries = queued.filter((e) => !e.group.abandoned);
    if (entries.length === 0) return;
    const bytes =
      entries.length === queued.length ? queuedBytes : entries.reduce((sum, e) => sum + e.record.size, 0);
    const records = entries.map((e) => e.record);
    const started = performance.now();
    const deliveries = await deliver(
      this.deps.port,
      this.options.topic,
      records,
      this.options.deliveryTimeoutMs,
    );
    const failed = deliveries.find((d): d is Extract<Delivery, { ok: false }> => !d.ok);
    this.deps.onBatch?.({
      records: records.length,
      bytes,
      durationMs: performance.now() - started,
      ...(failed === undefined ? {} : { error: failed.error }),
    });
    entries.forEach((e, i) => {
      const d = deliveries[i];
      if (d !== undefined) this.settle(e, d);
    });
  }
}
