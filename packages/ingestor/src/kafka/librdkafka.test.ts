import { describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../config.js";
import {
  batchLimits,
  EVENT_HUBS_REQUEST_LIMIT,
  librdkafkaConfig,
  singleRecordBatchBytes,
} from "./librdkafka-config.js";
import { classifyLibrdkafkaError, RD_ERRORS } from "./librdkafka-errors.js";
import { createLibrdkafkaPort } from "./librdkafka.js";

// Through the real environment parsing, so the test follows the config schema as it changes.
const kafka: Config["kafka"] = loadConfig(
  { KAFKA_BROKERS: "b1:9092,b2:9093", KAFKA_CLIENT: "librdkafka" },
  () => "",
).kafka;

describe("librdkafkaConfig", () => {
  it("writes idempotently with acks from all in-sync replicas and never creates topics", () => {
    const conf = librdkafkaConfig(kafka);
    expect(conf).toMatchObject({
      "bootstrap.servers": "b1:9092,b2:9093",
      "client.id": "event-ingestor",
      "security.protocol": "plaintext",
      "enable.idempotence": true,
      acks: -1,
      "allow.auto.create.topics": false,
      "linger.ms": 5,
      "batch.num.messages": 500,
      "message.timeout.ms": 10_000,
      "request.timeout.ms": 5_000,
      partitioner: "murmur2_random",
      dr_cb: true,
      "socket.nagle.disable": true,
      "socket.keepalive.enable": true,
    });
    expect(conf).not.toHaveProperty("sasl.mechanisms");
    expect(conf).not.toHaveProperty("ssl.ca.pem");
  });

  it("uses TLS with the configured CA as PEM text and verifies the broker's name", () => {
    const ca = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const conf = librdkafkaConfig({ ...kafka, ssl: { ca, rejectUnauthorized: true } });
    expect(conf["security.protocol"]).toBe("ssl");
    expect(conf["ssl.ca.pem"]).toBe(ca);
    expect(conf).not.toHaveProperty("ssl.ca.location");
    expect(conf["enable.ssl.certificate.verification"]).toBe(true);
    expect(conf["ssl.endpoint.identification.algorithm"]).toBe("https");
  });

  it("uses TLS with the system CA store when no CA is given, and can skip verification", () => {
    const conf = librdkafkaConfig({ ...kafka, ssl: { rejectUnauthorized: false } });
    expect(conf["ssl.ca.location"]).toBe("probe");
    expect(conf["enable.ssl.certificate.verification"]).toBe(false);
    expect(conf["ssl.endpoint.identification.algorithm"]).toBe("none");
  });

  it.each([
    ["plain", "PLAIN"],
    ["scram-sha-256", "SCRAM-SHA-256"],
    ["scram-sha-512", "SCRAM-SHA-512"],
  ] as const)("maps SASL %s to sasl.mechanisms=%s", (mechanism, expected) => {
    const sasl = { mechanism, username: "u", password: "p" };
    expect(librdkafkaConfig({ ...kafka, sasl })).toMatchObject({
      "security.protocol": "sasl_plaintext",
      "sasl.mechanisms": expected,
      "sasl.username": "u",
      "sasl.password": "p",
    });
    expect(librdkafkaConfig({ ...kafka, sasl, ssl: { rejectUnauthorized: true } })["security.protocol"]).toBe(
      "sasl_ssl",
    );
  });
});

describe("batch limits", () => {
  it("keeps batches at KAFKA_BATCH_MAX_BYTES and requests under the Event Hubs limit", () => {
    const { batchSize, messageMaxBytes } = batchLimits(kafka);
    expect(batchSize).toBe(921_600);
    expect(messageMaxBytes).toBeGreaterThan(batchSize);
    expect(messageMaxBytes).toBeLessThan(EVENT_HUBS_REQUEST_LIMIT);
  });

  it("never lets a request reach the Event Hubs limit, whatever KAFKA_BATCH_MAX_BYTES says", () => {
    const { batchSize, messageMaxBytes } = batchLimits({ ...kafka, batchMaxBytes: 4_000_000 });
    expect(messageMaxBytes).toBeLessThan(EVENT_HUBS_REQUEST_LIMIT);
    expect(batchSize).toBeLessThan(messageMaxBytes);
  });

  it("keeps a whole batch, header included, under the topics' max.message.bytes", () => {
    const conf = librdkafkaConfig(kafka, { topicMaxMessageBytes: 100_000 });
    expect(conf["batch.size"]).toBe(100_000 - 61);
  });

  it("does not let one topic's small limit shrink message.max.bytes: larger records of the other topic still go", () => {
    const small = librdkafkaConfig(kafka, { topicMaxMessageBytes: 2_048 });
    const none = librdkafkaConfig(kafka);
    expect(small["batch.size"]).toBe(2_048 - 61);
    expect(small["message.max.bytes"]).toBe(none["message.max.bytes"]);
  });
});

describe("singleRecordBatchBytes", () => {
  it("counts the batch header, the varint framing, key, value and headers", () => {
    // 61 header + length varint 1 + (attributes, timestampDelta, offsetDelta 3 + key len 1 + "k" 1
    // + value len 1 + 3 bytes + header count 1 + name len 1 + "h" 1 + value len 1 + "v" 1) = 14
    expect(singleRecordBatchBytes({ key: "k", value: Buffer.from("abc"), headers: { h: "v" } })).toBe(
      61 + 1 + 14,
    );
    expect(singleRecordBatchBytes({ key: null, value: null, headers: {} })).toBe(61 + 1 + 6);
  });

  it("grows with multi-byte varints for large values", () => {
    const small = singleRecordBatchBytes({ key: null, value: Buffer.alloc(63), headers: {} });
    const large = singleRecordBatchBytes({ key: null, value: Buffer.alloc(64), headers: {} });
    expect(large - small).toBe(2); // one more byte of value, one more byte of its zigzag length
  });
});

describe("classifyLibrdkafkaError", () => {
  it.each([
    RD_ERRORS.ERR_MSG_SIZE_TOO_LARGE,
    RD_ERRORS.ERR_INVALID_RECORD,
    RD_ERRORS.ERR_RECORD_LIST_TOO_LARGE,
  ])("condemns the record for code %i (not retriable, dead-lettered)", (code) => {
    const e = classifyLibrdkafkaError({ code, message: "refused" });
    expect([e.retriable, e.kind]).toEqual([false, "record"]);
  });

  it("retries a record that fits its topic when its batch was too large", () => {
    const e = classifyLibrdkafkaError({ code: RD_ERRORS.ERR_MSG_SIZE_TOO_LARGE, message: "too large" }, true);
    expect([e.retriable, e.kind]).toEqual([true, "broker"]);
  });

  it("retries the good siblings of an invalid record", () => {
    const e = classifyLibrdkafkaError({ code: RD_ERRORS.ERR__INVALID_DIFFERENT_RECORD, message: "sibling" });
    expect([e.retriable, e.kind]).toEqual([true, "broker"]);
  });

  it("reports a delivery timeout, which is how a missing topic shows, as a retriable timeout", () => {
    for (const code of [RD_ERRORS.ERR__MSG_TIMED_OUT, RD_ERRORS.ERR__UNKNOWN_TOPIC]) {
      const e = classifyLibrdkafkaError({ code, message: "Local: Message timed out" });
      expect([e.retriable, e.kind]).toEqual([true, "timeout"]);
    }
  });

  it("reports transport failures as retriable connection errors, anything else as retriable broker errors", () => {
    expect(classifyLibrdkafkaError({ code: RD_ERRORS.ERR__ALL_BROKERS_DOWN }).kind).toBe("connection");
    const other = classifyLibrdkafkaError({ code: 29, message: "Broker: Topic authorization failed" });
    expect([other.retriable, other.kind]).toEqual([true, "broker"]);
    expect(classifyLibrdkafkaError({}).retriable).toBe(true);
  });
});

describe("createLibrdkafkaPort before connect()", () => {
  it("fails every record as a retriable connection error, without loading the native module", async () => {
    const port = createLibrdkafkaPort(kafka, () => undefined);
    const record = { key: null, value: Buffer.from("x"), headers: {}, size: 65 };
    const deliveries = await port.send("events", [record, record]);
    expect(deliveries.map((d) => (d.ok ? "ok" : `${d.error.kind}:${String(d.error.retriable)}`))).toEqual([
      "connection:true",
      "connection:true",
    ]);
    expect(port.isConnected()).toBe(false);
    expect(await port.send("events", [])).toEqual([]);
  });
});
