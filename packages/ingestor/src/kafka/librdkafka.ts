import { createRequire } from "node:module";
import type * as RdKafka from "@confluentinc/kafka-javascript";
import kafkajs from "kafkajs";
import type { Config } from "../config.js";
import { ProduceError } from "../errors.js";
import { librdkafkaConfig, singleRecordBatchBytes } from "./librdkafka-config.js";
import { describeWithAdmin } from "./kafkajs-admin.js";
import { classifyLibrdkafkaError, RD_ERRORS, type RdErrorLike } from "./librdkafka-errors.js";
import type { Delivery, KafkaPort, OutRecord, TopicInfo } from "./port.js";
import type { TokenSource } from "./auth/index.js";
import { saslOptions } from "./kafkajs.js";

const { Kafka, logLevel } = kafkajs;

const OK: Delivery = Object.freeze({ ok: true });

/** One send() waiting for its delivery reports. */
interface Call {
  readonly topic: string;
  readonly deliveries: (Delivery | undefined)[];
  remaining: number;
  readonly resolve: (deliveries: readonly Delivery[]) => void;
  watchdog?: NodeJS.Timeout;
}
/** The opaque handed to produce() and returned in its delivery report. */
interface Ticket {
  readonly call: Call;
  readonly index: number;
  readonly record: OutRecord;
}

export type LibrdkafkaLog = (
  level: "error" | "warn" | "info",
  entry: Record<string, unknown>,
  message: string,
) => void;

/** librdkafka reports every record by message.timeout.ms; this only guards against a lost report. */
const WATCHDOG_GRACE_MS = 5_000;

// Loaded on first connect, not on import: the kafkajs client needs no native module, and tests of the pure
// parts above run without one.
let native: typeof RdKafka | undefined;
function rdkafka(): typeof RdKafka {
  native ??= createRequire(import.meta.url)("@confluentinc/kafka-javascript") as typeof RdKafka;
  return native;
}

/**
 * The librdkafka-backed KafkaPort (@confluentinc/kafka-javascript's native Producer, not its KafkaJS-style
 * API): every record goes to produce() at once, librdkafka batches across concurrent calls (linger.ms,
 * batch.size), and each record's delivery report, matched by its opaque, decides its outcome.
 */
export function createLibrdkafkaPort(
  config: Config["kafka"],
  log: LibrdkafkaLog,
  tokens?: TokenSource,
): KafkaPort {
  const admin = new Kafka({
    clientId: `${config.clientId}-admin`,
    brokers: [...config.brokers],
    ...(config.ssl === false ? {} : { ssl: { ...config.ssl } }),
    ...(config.sasl === undefined ? {} : { sasl: saslOptions(config.sasl, tokens) }),
    connectionTimeout: Math.min(3_000, config.requestTimeoutMs),
    requestTimeout: config.requestTimeoutMs,
    retry: { retries: 2 },
    logLevel: logLevel.NOTHING,
  }).admin();
  let producer: RdKafka.Producer | undefined;
  let fatal = false;
  /** max.message.bytes per topic, from the last describeTopics(): records over it never reach librdkafka. */
  const limits = new Map<string, number>();
  const calls = new Set<Call>();

  const settle = (call: Call, index: number, delivery: Delivery): void => {
    if (call.deliveries[index] !== undefined) return;
    call.deliveries[index] = delivery;
    if (--call.remaining > 0) return;
    clearTimeout(call.watchdog);
    calls.delete(call);
    call.resolve(call.deliveries as Delivery[]);
  };
  const failRemaining = (call: Call, error: ProduceError): void => {
    const failed: Delivery = { ok: false, error };
    call.deliveries.forEach((d, i) => {
      if (d === undefined) settle(call, i, failed);
    });
  };
  const fitsTopic = (topic: string, record: OutRecord): boolean | undefined => {
    const limit = limits.get(topic);
    return limit === undefined ? undefined : singleRecordBatchBytes(record) <= limit;
  };
  /** The smallest max.message.bytes the current producer's batch.size was sized for. */
  let sizedFor: number | undefined;
  const smallestLimit = (): number | undefined => {
    const known = [config.topic, config.dlqTopic].flatMap((t) => {
      const limit = limits.get(t);
      return limit === undefined ? [] : [limit];
    });
    return known.length > 0 ? Math.min(...known) : undefined;
  };
  const describe = async (topics: readonly string[]): Promise<ReadonlyMap<string, TopicInfo>> => {
    const info = await describeWithAdmin(admin, topics);
    for (const [topic, t] of info) if (t.maxMessageBytes !== undefined) limits.set(topic, t.maxMessageBytes);
    // batch.size is fixed when a producer is built: a topic limit lowered since then would have the broker
    // refuse whole batches (siblings of a good record included) until a new producer is sized for it.
    const smallest = smallestLimit();
    if (
      producer !== undefined &&
      smallest !== undefined &&
      smallest < (sizedFor ?? Number.POSITIVE_INFINITY)
    ) {
      log(
        "warn",
        { maxMessageBytes: smallest },
        "a topic's max.message.bytes went down; resizing the producer",
      );
      void build().catch((err: unknown) => {
        log("error", { err: String(err) }, "could not rebuild the producer");
      });
    }
    return info;
  };
  let refreshing: Promise<unknown> | undefined;
  /** The broker refused a batch our view of the limits let through: read them again, now. */
  const limitsLookStale = (): void => {
    refreshing ??= describe([config.topic, config.dlqTopic])
      .catch(() => undefined)
      .finally(() => (refreshing = undefined));
  };

  const onReport = (
    err: RdKafka.LibrdKafkaError | null | undefined,
    report: RdKafka.DeliveryReport,
  ): void => {
    const ticket = report.opaque as Ticket | undefined;
    if (ticket === undefined) return;
    const { call, index, record } = ticket;
    if (!err) {
      settle(call, index, OK);
      return;
    }
    const fits = fitsTopic(call.topic, record);
    if (err.code === RD_ERRORS.ERR_MSG_SIZE_TOO_LARGE && fits === true) limitsLookStale();
    settle(call, index, { ok: false, error: classifyLibrdkafkaError(err, fits) });
  };

  /** Resolves once librdkafka delivered or failed every queued record (at most the delivery timeout). */
  const flushed = (p: RdKafka.Producer): Promise<void> =>
    new Promise<void>((resolve) => {
      try {
        p.flush(config.deliveryTimeoutMs, () => {
          resolve();
        });
      } catch {
        resolve(); // not connected: nothing queued to wait for
      }
    });

  async function connect(): Promise<void> {
    if (producer?.isConnected() === true && !fatal) return;
    await admin.connect();
    // Size batches under the smallest max.message.bytes of our topics, when they exist already.
    await describe([config.topic, config.dlqTopic]).catch(() => undefined);
    await build();
  }

  /** A new producer sized for the topics' current limits, replacing the current one once connected. */
  async function build(): Promise<void> {
    const smallest = smallestLimit();
    const p = new (rdkafka().Producer)(librdkafkaConfig(config, { topicMaxMessageBytes: smallest }, tokens));
    p.on("delivery-report", onReport);
    p.on("event.error", (err) => {
      // A fatal error (idempotence state lost) leaves the producer unusable: sends fail as retriable and
      // isConnected() turns false, so readiness fails and the next connect() builds a new producer.
      if (err.isFatal === true && producer === p) fatal = true;
      log(
        err.isFatal === true ? "error" : "warn",
        { code: err.code, fatal: err.isFatal === true },
        err.message,
      );
    });
    try {
      await new Promise<void>((resolve, reject) => {
        p.connect({ timeout: config.requestTimeoutMs }, (err: RdKafka.LibrdKafkaError | null) => {
          if (err) reject(classifyLibrdkafkaError(err));
          else resolve();
        });
      });
    } catch (err) {
      p.disconnect(); // its librdkafka threads would otherwise keep retrying the brokers
      throw err;
    }
    // Delivery reports are served on librdkafka's background thread and handed to the event loop as they
    // come (what the package's own KafkaJS-style producer does): no poll timer, no added latency.
    p.setPollInBackground(true);
    // A fatal producer being replaced still reports its in-flight records (their opaques), then goes.
    const previous = producer;
    producer = p;
    sizedFor = smallest;
    fatal = false;
    if (previous !== undefined) void flushed(previous).then(() => previous.disconnect());
  }

  async function disconnect(): Promise<void> {
    const p = producer;
    producer = undefined;
    if (p !== undefined) {
      // Let in-flight records reach their delivery reports (bounded by their own timeout), then stop.
      await flushed(p);
      // Reports librdkafka already handed over are still on their way to the event loop: let them land.
      await new Promise<void>((resolve) => setImmediate(resolve));
      for (const call of calls)
        failRemaining(call, new ProduceError("producer disconnected", true, "connection"));
      await new Promise<void>((resolve) => {
        p.disconnect(() => {
          resolve();
        });
      });
    }
    await admin.disconnect().catch(() => undefined);
  }

  function send(topic: string, records: readonly OutRecord[]): Promise<readonly Delivery[]> {
    if (records.length === 0) return Promise.resolve([]);
    const p = producer;
    if (p === undefined || fatal) {
      const error = new ProduceError("the librdkafka producer is not connected", true, "connection");
      return Promise.resolve(records.map(() => ({ ok: false, error })));
    }
    return new Promise((resolve) => {
      const call: Call = {
        topic,
        deliveries: new Array<Delivery | undefined>(records.length),
        remaining: records.length,
        resolve,
      };
      calls.add(call);
      call.watchdog = setTimeout(() => {
        failRemaining(call, new ProduceError("no delivery report in time", true, "timeout"));
      }, config.deliveryTimeoutMs + WATCHDOG_GRACE_MS);
      records.forEach((record, index) => {
        if (fitsTopic(topic, record) === false) {
          const err = {
            code: RD_ERRORS.ERR_MSG_SIZE_TOO_LARGE,
            message: "record is over the topic's max.message.bytes",
          };
          settle(call, index, { ok: false, error: classifyLibrdkafkaError(err, false) });
          return;
        }
        const headers = Object.entries(record.headers).map(([name, value]) => ({ [name]: value }));
        const ticket: Ticket = { call, index, record };
        try {
          p.produce(topic, null, record.value, record.key, null, ticket, headers);
        } catch (err) {
          // Refused before queueing: too large for message.max.bytes, or the local queue is full.
          settle(call, index, {
            ok: false,
            error: classifyLibrdkafkaError(err as RdErrorLike, fitsTopic(topic, record)),
          });
        }
      });
    });
  }

  return {
    connect,
    disconnect,
    send,
    describeTopics: (topics) => describe(topics),
    isConnected: () => producer?.isConnected() === true && !fatal,
  };
}
