import type { ProduceError } from "../errors.js";
import { deliver } from "./deliver.js";
import type { Delivery, KafkaPort, OutRecord } from "./port.js";

/** What one produce call (or, for librdkafka, one request's records) did: for the metrics. */
export interface BatchReport {
  readonly records: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly error?: ProduceError;
}

/** How the service hands a request's records to Kafka: through its own batcher, or straight to the client. */
export interface RecordSender {
  /** Resolves with one outcome per record, in order. Never rejects. */
  enqueue(records: readonly OutRecord[]): Promise<Delivery[]>;
  /** Waits until everything handed over so far is acknowledged or failed. */
  drain(): Promise<void>;
}

/**
 * For a client that batches across concurrent calls itself (librdkafka: linger.ms, batch.size): each
 * request's records go to the client at once; a batcher in front would only add a second linger.
 */
export class DirectSender implements RecordSender {
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(
    private readonly options: { readonly topic: string; readonly deliveryTimeoutMs: number },
    private readonly deps: { readonly port: KafkaPort; readonly onBatch?: (report: BatchReport) => void },
  ) {}

  enqueue(records: readonly OutRecord[]): Promise<Delivery[]> {
    if (records.length === 0) return Promise.resolve([]);
    const started = performance.now();
    const sending = deliver(this.deps.port, this.options.topic, records, this.options.deliveryTimeoutMs).then(
      (deliveries) => {
        const failed = deliveries.find((d): d is Extract<Delivery, { ok: false }> => !d.ok);
        this.deps.onBatch?.({
          records: records.length,
          bytes: records.reduce((sum, r) => sum + r.size, 0),
          durationMs: performance.now() - started,
          ...(failed === undefined ? {} : { error: failed.error }),
        });
        return deliveries;
      },
    );
    this.inflight.add(sending);
    void sending.finally(() => this.inflight.delete(sending));
    return sending;
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.inflight]);
  }
}
