import type { ProducerGlobalConfig, ProducerTopicConfig } from "@confluentinc/kafka-javascript";
import type { Config } from "../config.js";
import type { OutRecord } from "./port.js";
import { librdkafkaTokenRefresh, type TokenSource } from "./auth/index.js";

/** Azure Event Hubs closes the connection on a produce request of this many bytes or more. */
export const EVENT_HUBS_REQUEST_LIMIT = 1_046_528;
/**
 * ProduceRequest bytes around the record batch: request header, client id, transactional id, topic name,
 * partition, and the v2 RecordBatch header (61 bytes). librdkafka puts one partition's batch in a request.
 */
export const REQUEST_FRAMING_BYTES = 1_024;
/** The v2 RecordBatch header a record pays for when it travels alone (the topic limit counts it). */
export const RECORD_BATCH_HEADER_BYTES = 61;

export type LibrdkafkaProducerConfig = ProducerGlobalConfig & ProducerTopicConfig;

export interface LibrdkafkaSizing {
  /** The smallest max.message.bytes of the topics this producer writes to, when known at start-up. */
  readonly topicMaxMessageBytes?: number | undefined;
}

/**
 * Batch limits: librdkafka fills one partition's batch up to min(batch.size, message.max.bytes) before it
 * adds a record (rdkafka_msgset_writer.c), so batch.size bounds every batch and message.max.bytes every
 * request. Both stay under KAFKA_BATCH_MAX_BYTES, the Event Hubs request limit, and the topics' own
 * max.message.bytes (which the broker applies to the whole batch: one record over it would sink its siblings).
 */
export function batchLimits(
  kafka: Config["kafka"],
  sizing: LibrdkafkaSizing = {},
): { batchSize: number; messageMaxBytes: number } {
  const requestCap = EVENT_HUBS_REQUEST_LIMIT - 1 - REQUEST_FRAMING_BYTES;
  // batch.size counts record bytes; the topic limit also counts the batch header.
  const topicCap = (sizing.topicMaxMessageBytes ?? Number.POSITIVE_INFINITY) - RECORD_BATCH_HEADER_BYTES;
  const requestBatch = Math.max(1_024, Math.min(kafka.batchMaxBytes, requestCap));
  // batch.size limits what librdkafka adds to a batch after its first record, so a record larger than it
  // still goes out, alone: a small main-topic limit must not refuse the DLQ's larger envelopes.
  const batchSize = Math.max(1_024, Math.min(requestBatch, topicCap));
  // message.max.bytes is also librdkafka's limit for one record at produce() time: the request cap, plus the
  // framing the request adds around it.
  const messageMaxBytes = Math.min(requestBatch + REQUEST_FRAMING_BYTES, EVENT_HUBS_REQUEST_LIMIT - 1);
  return { batchSize, messageMaxBytes };
}

/** librdkafka's security.protocol for the project's TLS / SASL settings. */
function securityProtocol(kafka: Config["kafka"]): NonNullable<ProducerGlobalConfig["security.protocol"]> {
  const tls = kafka.ssl !== false;
  if (kafka.sasl === undefined) return tls ? "ssl" : "plaintext";
  return tls ? "sasl_ssl" : "sasl_plaintext";
}

const SASL_MECHANISMS = {
  plain: "PLAIN",
  "scram-sha-256": "SCRAM-SHA-256",
  "scram-sha-512": "SCRAM-SHA-512",
  "aws-msk-iam": "OAUTHBEARER",
  "oauthbearer-gcp": "OAUTHBEARER",
  "oauthbearer-azure": "OAUTHBEARER",
} as const satisfies Record<NonNullable<Config["kafka"]["sasl"]>["mechanism"], string>;

/**
 * The project's Kafka settings as librdkafka properties (CONFIGURATION.md of librdkafka). Pure, so the
 * mapping is unit-tested without a broker or the native module.
 *
 * The cloud mechanisms (MSK IAM, GCP Managed Kafka, Event Hubs with Entra ID) are `"sasl.mechanisms":
 * "OAUTHBEARER"` plus `oauthbearer_token_refresh_cb`, which answers from `tokens` (auth/clients.ts):
 * librdkafka calls it before the first connection and at 80% of the token's remaining life, on its
 * background SASL queue; a rejected promise reports the failure to librdkafka, which asks again.
 */
export function librdkafkaConfig(
  kafka: Config["kafka"],
  sizing: LibrdkafkaSizing = {},
  tokens?: TokenSource,
): LibrdkafkaProducerConfig {
  const { batchSize, messageMaxBytes } = batchLimits(kafka, sizing);
  const conf: LibrdkafkaProducerConfig = {
    "bootstrap.servers": kafka.brokers.join(","),
    "client.id": kafka.clientId,
    "security.protocol": securityProtocol(kafka),
    // Idempotence gives exactly-once per partition across librdkafka's own retries (sequence numbers);
    // it implies acks=all, set explicitly because the service's promise rests on it.
    "enable.idempotence": true,
    acks: -1,
    // librdkafka batches across concurrent requests itself: the service's batcher is not used with it.
    "linger.ms": kafka.lingerMs,
    "batch.size": batchSize,
    "batch.num.messages": kafka.batchMaxRecords,
    "message.max.bytes": messageMaxBytes,
    "compression.type": "none",
    // Retries are unbounded in count and bounded in time: a record not acknowledged by then is reported
    // failed (retriable: the client gets 503 and may send it again).
    "message.timeout.ms": kafka.deliveryTimeoutMs,
    "request.timeout.ms": Math.min(kafka.requestTimeoutMs, kafka.deliveryTimeoutMs),
    // Topics are created by `make dev` / the platform, never by a typo in KAFKA_TOPIC.
    "allow.auto.create.topics": false,
    // The Java client's (and the kafkajs adapter's) murmur2 for keyed records, so a key keeps its partition
    // whichever client wrote it. Keyless records stick to one partition for sticky.partitioning.linger.ms
    // (twice linger.ms by default): the records of one send() share a partition, as the port promises.
    partitioner: "murmur2_random",
    "topic.metadata.refresh.interval.ms": kafka.metadataMaxAgeMs,
    // Delivery reports without the payload copied back: the adapter matches them to records by opaque.
    dr_cb: true,
    // librdkafka leaves Nagle on by default: with several produce requests in flight, a small request
    // waited for the broker's delayed ACK (~40 ms). The Java client and kafkajs' Node sockets send at once.
    "socket.nagle.disable": true,
    // TCP keepalives on idle broker connections: load balancers and NATs in front of managed Kafka drop silent
    // ones (Azure Event Hubs closes connections idle for 240 s and recommends keepalive for Kafka clients).
    "socket.keepalive.enable": true,
  };
  if (kafka.ssl !== false) {
    // A CA bundle from KAFKA_SSL_CA(_FILE) as PEM text; else the system store. "probe" also finds it when
    // the prebuilt binding's static OpenSSL was built with a different OPENSSLDIR than this image's.
    if (kafka.ssl.ca !== undefined) conf["ssl.ca.pem"] = kafka.ssl.ca;
    else conf["ssl.ca.location"] = "probe";
    conf["enable.ssl.certificate.verification"] = kafka.ssl.rejectUnauthorized;
    conf["ssl.endpoint.identification.algorithm"] = kafka.ssl.rejectUnauthorized ? "https" : "none";
  }
  if (kafka.sasl !== undefined) {
    conf["sasl.mechanisms"] = SASL_MECHANISMS[kafka.sasl.mechanism];
    if ("username" in kafka.sasl) {
      conf["sasl.username"] = kafka.sasl.username;
      conf["sasl.password"] = kafka.sasl.password;
    } else {
      if (tokens === undefined) throw new Error(`SASL ${kafka.sasl.mechanism} needs a token source`);
      conf.oauthbearer_token_refresh_cb = librdkafkaTokenRefresh(tokens);
    }
  }
  return conf;
}

/** Bytes of a zigzag varint (Kafka record framing). */
function varintBytes(n: number): number {
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let bytes = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    bytes++;
  }
  return bytes;
}

/**
 * Exact size of a batch holding only this record (v2 format, uncompressed): what the broker compares with
 * the topic's max.message.bytes. A record over the limit is refused before it reaches librdkafka, where it
 * would share a batch with other records and have the broker refuse them all.
 */
export function singleRecordBatchBytes(record: Pick<OutRecord, "key" | "value" | "headers">): number {
  const key = record.key === null ? -1 : Buffer.byteLength(record.key);
  const value = record.value === null ? -1 : record.value.length;
  let body = 1 + 1 + 1; // attributes, timestampDelta 0, offsetDelta 0
  body += varintBytes(key) + Math.max(0, key) + varintBytes(value) + Math.max(0, value);
  const headers = Object.entries(record.headers);
  body += varintBytes(headers.length);
  for (const [name, v] of headers) {
    const n = Buffer.byteLength(name);
    const b = Buffer.byteLength(v);
    body += varintBytes(n) + n + varintBytes(b) + b;
  }
  return RECORD_BATCH_HEADER_BYTES + varintBytes(body) + body;
}
