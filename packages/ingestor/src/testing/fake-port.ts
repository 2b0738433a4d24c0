import { ProduceError } from "../errors.js";
import type { KafkaPort, OutRecord, TopicInfo } from "../kafka/port.js";

/** One `send()` call as the fake saw it, whatever became of it. */
export interface SendCall {
  readonly topic: string;
  readonly records: readonly OutRecord[];
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

/**
 * An in-memory KafkaPort for unit tests: records what each topic acknowledged, and can be told to fail
 * sends (retriably, permanently, or by hanging) for a whole topic or for sends holding certain records.
 */
export class FakeKafkaPort implements KafkaPort {
  /** Every send, in call order, including failed and hanging ones. */
  readonly calls: SendCall[] = [];
  readonly topics = new Map<string, TopicInfo>();
  connected = true;
  private readonly acked = new Map<string, OutRecord[]>();
  private rules: Rule[] = [];
  private hung: (() => void)[] = [];

  constructor(topics: Readonly<Record<string, TopicInfo>> = {}) {
    for (const [name, info] of Object.entries(topics)) this.topics.set(name, info);
  }

  /** Fails sends to `topic` (all of them, or the next `times`). */
  fail(topic: string, failure: Failure, times?: number): this {
    this.rules.push({ topic, failure, remaining: times });
    return this;
  }

  /** Fails every send to `topic` that holds a record `match` accepts, as a broker refusing that record would. */
  failRecords(topic: string, match: (record: OutRecord) => boolean, failure: Failure): this {
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

  send(topic: string, records: readonly OutRecord[]): Promise<void> {
    const copy = [...records];
    this.calls.push({ topic, records: copy });
    const rule = this.rules.find(
      (r) => r.topic === topic && (r.match === undefined || copy.some(r.match)) && r.remaining !== 0,
    );
    if (rule === undefined) {
      this.ack(topic, copy);
      return Promise.resolve();
    }
    if (rule.remaining !== undefined) rule.remaining--;
    if (rule.failure === "hang") {
      return new Promise((resolve) => {
        this.hung.push(() => {
          this.ack(topic, copy);
          resolve();
        });
      });
    }
    return Promise.reject(rule.failure);
  }

  private ack(topic: string, records: readonly OutRecord[]): void {
    const list = this.acked.get(topic) ?? [];
    list.push(...records);
    this.acked.set(topic, list);
  }
}
