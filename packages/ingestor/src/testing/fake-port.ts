import { ProduceError } from "../errors.js";
import {
  allFailed,
  DELIVERED,
  type Delivery,
  type KafkaPort,
  type OutRecord,
  type TopicInfo,
} from "../kafka/port.js";

/** One `send()` call as the fake saw it, whatever became of it. */
export interface SendCall {
  readonly topic: string;
  readonly records: readonly OutRecord[];
  /** The partition each record went to. */
  readonly partitions: readonly number[];
}

/** What a failure rule does to a matching `send()`: reject with this error, or never settle. */
export type Failure = ProduceError | "hang";

interface Rule {
  readonly topic: string;
  /** The rule applies only to sends holding a record this accepts; every send when absent. */
  readonly match?: (record: OutRecord) => boolean;
  readonly failure: Failure;
  /** How many more sends the rule applies to; forever when undefined. */
  remaining: number | undefined;
}

export const retriableError = (message = "broker unreachable"): ProduceError =>
  new ProduceError(message, true, "connection");

export const permanentError = (message = "MESSAGE_TOO_LARGE"): ProduceError =>
  new ProduceError(message, false, "record");

/** A stand-in for murmur2: stable per key, spread over the partitions. */
function keyHash(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return h & 0x7fffffff;
}

/**
 * An in-memory KafkaPort for unit tests: records what each topic acknowledged, and can be told to fail
 * sends (retriably, permanently, or by hanging) for a whole topic, or — as a broker does — the partitions
 * holding certain records: their partition's records fail together, the other partitions are written.
 */
export class FakeKafkaPort implements KafkaPort {
  /** Every send, in call order, including failed and hanging ones. */
  readonly calls: SendCall[] = [];
  readonly topics = new Map<string, TopicInfo>();
  connected = true;
  private readonly acked = new Map<string, OutRecord[]>();
  private rules: Rule[] = [];
  private hung: (() => void)[] = [];
  private sticky = 0;

  constructor(topics: Readonly<Record<string, TopicInfo>> = {}) {
    for (const [name, info] of Object.entries(topics)) this.topics.set(name, info);
  }

  /** Fails sends to `topic` (all of them, or the next `times`). */
  fail(topic: string, failure: Failure, times?: number): this {
    this.rules.push({ topic, failure, remaining: times });
    return this;
  }

  /**
   * Fails the partition of every record `match` accepts, as a broker refusing that record would: the
   * records sharing its partition in that send fail with it; records in other partitions are written.
   */
  failRecords(topic: string, match: (record: OutRecord) => boolean, failure: ProduceError): this {
    this.rules.push({ topic, match, failure, remaining: undefined });
    return this;
  }

  /** Drops every failure rule; hanging sends stay hung until `releaseHung()`. */
  heal(): void {
    this.rules = [];
  }

  /** Lets every hanging send complete successfully (acknowledging its records). */
  releaseHung(): void {
    for (const release of this.hung.splice(0)) release();
  }

  /** Records acknowledged on `topic`, in order. */
  records(topic: string): readonly OutRecord[] {
    return this.acked.get(topic) ?? [];
  }

  /** `send()` calls made for `topic`, successful or not. */
  sends(topic: string): readonly SendCall[] {
    return this.calls.filter((c) => c.topic === topic);
  }

  connect(): Promise<void> {
    this.connected = true;
    return Promise.resolve();
  }

  disconnect(): Promise<void> {
    this.connected = false;
    return Promise.resolve();
  }

  isConnected(): boolean {
    return this.connected;
  }

  describeTopics(topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>> {
    const out = new Map<string, TopicInfo>();
    for (const t of topics) {
      const info = this.topics.get(t);
      if (info !== undefined) out.set(t, info);
    }
    return Promise.resolve(out);
  }

  send(topic: string, records: readonly OutRecord[]): Promise<readonly Delivery[]> {
    const copy = [...records];
    const count = Math.max(1, this.topics.get(topic)?.partitions ?? 1);
    const sticky = this.sticky++ % count;
    const partitions = copy.map((r) => (r.key === null ? sticky : keyHash(r.key) % count));
    this.calls.push({ topic, records: copy, partitions });
    const live = (r: Rule): boolean => r.topic === topic && r.remaining !== 0;
    const whole = this.rules.find((r) => live(r) && r.match === undefined);
    if (whole !== undefined) {
      if (whole.remaining !== undefined) whole.remaining--;
      if (whole.failure !== "hang") return Promise.resolve(allFailed(copy, whole.failure));
      return new Promise((resolve) => {
        this.hung.push(() => {
          this.ack(topic, copy);
          resolve(copy.map(() => DELIVERED));
        });
      });
    }
    const refused = new Map<number, ProduceError>();
    // Like a broker: a partition's records form one record batch, refused whole over max.message.bytes.
    const max = this.topics.get(topic)?.maxMessageBytes;
    if (max !== undefined) {
      const bytes = new Map<number, number>();
      copy.forEach((r, i) => bytes.set(partitions[i] ?? 0, (bytes.get(partitions[i] ?? 0) ?? 0) + r.size));
      for (const [partition, size] of bytes) {
        if (size > max) refused.set(partition, permanentError(`MESSAGE_TOO_LARGE: ${size} > ${max}`));
      }
    }
    for (const rule of this.rules.filter((r) => live(r) && r.match !== undefined)) {
      copy.forEach((record, i) => {
        const partition = partitions[i];
        if (rule.match?.(record) === true && partition !== undefined && rule.failure !== "hang")
          refused.set(partition, rule.failure);
      });
    }
    const deliveries = copy.map((_, i): Delivery => {
      const error = refused.get(partitions[i] ?? -1);
      return error === undefined ? DELIVERED : { ok: false, error };
    });
    this.ack(
      topic,
      copy.filter((_, i) => deliveries[i]?.ok === true),
    );
    return Promise.resolve(deliveries);
  }

  private ack(topic: string, records: readonly OutRecord[]): void {
    const list = this.acked.get(topic) ?? [];
    list.push(...records);
    this.acked.set(topic, list);
  }
}
