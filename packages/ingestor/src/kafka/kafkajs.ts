import kafkajs, { type Admin, type LogEntry, type Producer, type SASLOptions } from "kafkajs";
import type { Config } from "../config.js";
import { ProduceError } from "../errors.js";
import { createPlanningPartitioner, verifyAcks, type PlannedMessage } from "./kafkajs-acks.js";
import { allFailed, type Delivery, type KafkaPort } from "./port.js";
import type { LogLevel } from "./port.js";
import { describeWithAdmin } from "./kafkajs-admin.js";
import { isCloudSasl, kafkajsOAuthBearer, remoteTokens, type TokenSource } from "./auth/index.js";

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { CompressionTypes, Kafka, logLevel } = kafkajs;

/** Broker error types that condemn the records themselves; retrying them cannot succeed. */
const RECORD_ERRORS = new Set([
  "MESSAGE_TOO_LARGE",
  "RECORD_LIST_TOO_LARGE",
  "INVALID_RECORD",
  "INVALID_TIMESTAMP",
]);
// CORRUPT_MESSAGE is left out on purpose: a checksum failure in transit is the network's fault, not the
// event's, so it answers 503 (the client retries) instead of dead-lettering a good event.

interface KafkaJsErrorLike {
  name?: string;
  message?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/**
 * kafkajs' `retriable` flag decides retry versus dead-letter, with one refinement: only errors that name
 * the record as the culprit are permanent for it. Everything else (broker down, leader moving, timeouts,
 * authorization, unknown topic) answers 503 — the client retries, nothing is dead-lettered wrongly.
 */
export function classifyKafkaError(err: unknown): ProduceError {
  const e = (typeof err === "object" && err !== null ? err : {}) as KafkaJsErrorLike;
  const inner = (e.originalError ?? e.cause) as KafkaJsErrorLike | undefined;
  const type = e.type ?? inner?.type;
  const message = e.message ?? String(err);
  if (type !== undefined && RECORD_ERRORS.has(type)) {
    return new ProduceError(`Kafka refused the record: ${type}`, false, "record", { cause: err });
  }
  const name = `${e.name ?? ""} ${inner?.name ?? ""}`;
  const kind = /Connection|BrokerNotFound|NoBrokerAvailable/.test(name)
    ? "connection"
    : name.includes("Timeout")
      ? "timeout"
      : "broker";
  return new ProduceError(message, true, kind, { cause: err });
}

export function saslOptions(
  sasl: NonNullable<Config["kafka"]["sasl"]>,
  tokens: TokenSource | undefined,
): SASLOptions {
  switch (sasl.mechanism) {
    case "aws-msk-iam":
    case "oauthbearer-gcp":
    case "oauthbearer-azure":
      if (tokens === undefined) throw new Error(`SASL ${sasl.mechanism} needs a token source`);
      return kafkajsOAuthBearer(tokens);
    case "plain":
      return { mechanism: "plain", username: sasl.username, password: sasl.password };
    case "scram-sha-256":
      return { mechanism: "scram-sha-256", username: sasl.username, password: sasl.password };
    case "scram-sha-512":
      return { mechanism: "scram-sha-512", username: sasl.username, password: sasl.password };
  }
}

const LEVELS: Record<number, LogLevel> = {
  [logLevel.ERROR]: "error",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

/** Where kafkajs' own log lines go: a pino child on the HTTP thread, a message from the producer thread. */
export type KafkaLogSink = (level: LogLevel, entry: Record<string, unknown>, message: string) => void;

/** A record as kafkajs takes it; the producer thread passes header values and keys as bytes. */
export interface ProducerMessage {
  readonly key: string | Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string | Buffer>>;
}

export type KafkaClientPort = Omit<KafkaPort, "send"> & {
  send(topic: string, records: readonly ProducerMessage[]): Promise<readonly Delivery[]>;
};

/** Creates the kafkajs-backed producer port. Never auto-creates topics (kafkajs defaults to doing so). */
export function createKafkaPort(
  config: Config["kafka"],
  log: KafkaLogSink,
  onConnectedChange: (connected: boolean) => void = () => undefined,
  tokens?: TokenSource,
): KafkaClientPort {
  // A cloud mechanism's token comes from the HTTP thread's one token manager (auth/): passed in when kafkajs
  // runs on that thread, asked for over a channel from the producer thread.
  const remote = isCloudSasl(config.sasl) && tokens === undefined ? remoteTokens() : undefined;
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: [...config.brokers],
    ...(config.ssl === false ? {} : { ssl: { ...config.ssl } }),
    ...(config.sasl === undefined ? {} : { sasl: saslOptions(config.sasl, tokens ?? remote) }),
    connectionTimeout: Math.min(3_000, config.requestTimeoutMs),
    requestTimeout: config.requestTimeoutMs,
    // Bounded retries: the delivery timeout above them is what the client waits at most.
    retry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log(LEVELS[level] ?? "info", rest, message);
      },
  });
  const producer: Producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: config.idempotent,
    // kafkajs requires one request in flight per broker for idempotence.
    ...(config.idempotent ? { maxInFlightRequests: 1 } : {}),
    // kafkajs reads its partition list only when its metadata is older than this (default 5 minutes):
    // partitions added to a topic would stay unused that long. Same age as the service's own topic view.
    metadataMaxAge: config.metadataMaxAgeMs,
    createPartitioner: createPlanningPartitioner,
  });
  const admin: Admin = kafka.admin();
  let nextSticky = Math.floor(Math.random() * 1_000_000);
  let connected = false;
  const setConnected = (value: boolean): void => {
    if (value === connected) return;
    connected = value;
    onConnectedChange(value);
  };
  producer.on(producer.events.CONNECT, () => {
    setConnected(true);
  });
  producer.on(producer.events.DISCONNECT, () => {
    setConnected(false);
  });

  return {
    async connect() {
      await Promise.all([producer.connect(), admin.connect()]);
      setConnected(true);
    },
    async disconnect() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      remote?.close();
      setConnected(false);
    },
    isConnected: () => connected,
    async send(topic: string, records: readonly ProducerMessage[]) {
      // Keyless records of one call share a partition (sticky per batch, rotating between calls).
      const sticky = nextSticky++;
      const messages: PlannedMessage[] = records.map((r) => ({
        key: r.key,
        value: r.value,
        headers: r.headers,
        sticky,
      }));
      try {
        const acks = await producer.send({
          topic,
          acks: -1,
          timeout: config.requestTimeoutMs,
          compression: CompressionTypes.None,
          messages,
        });
        // kafkajs resolves even when it skipped records (a partition missing from its metadata): only the
        // broker's per-partition answers say what was written.
        return verifyAcks(topic, messages, acks);
      } catch (err) {
        return allFailed(records, classifyKafkaError(err));
      }
    },
    describeTopics: (topics: readonly string[]) => describeWithAdmin(admin, topics),
  };
}
