import { randomBytes, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type * as RdKafka from "@confluentinc/kafka-javascript";
import { describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLibrdkafkaPort, type LibrdkafkaLog } from "../../src/kafka/librdkafka.js";
import { RD_ERRORS } from "../../src/kafka/librdkafka-errors.js";
import type { Delivery, KafkaPort, OutRecord } from "../../src/kafka/port.js";
import { consumeAll, createTopics, kafkaClient, recordCount } from "../support/kafka.js";

const brokers = inject("kafkaBrokers");
const logs: string[] = [];
const log: LibrdkafkaLog = (level, _entry, message) => logs.push(`${level}: ${message}`);

function portFor(topic: string, dlq: string, env: Record<string, string> = {}): KafkaPort {
  const config = loadConfig(
    { KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: dlq, KAFKA_CLIENT: "librdkafka", ...env },
    () => "",
  );
  return createLibrdkafkaPort(config.kafka, log);
}

async function withPort<T>(port: KafkaPort, use: (port: KafkaPort) => Promise<T>): Promise<T> {
  await port.connect();
  try {
    return await use(port);
  } finally {
    await port.disconnect();
  }
}

function record(
  id: string,
  key: string | null,
  value: Buffer | null,
  extra: Record<string, string> = {},
): OutRecord {
  const headers = { ce_id: id, ce_type: "test", ...extra };
  return { key, value, headers, size: 64 + (value?.length ?? 0) };
}

const failures = (deliveries: readonly Delivery[]) =>
  deliveries.flatMap((d, i) => (d.ok ? [] : [{ i, retriable: d.error.retriable, kind: d.error.kind }]));

describe("the librdkafka KafkaPort on a real broker", () => {
  it("names the error codes it classifies as the native module does", () => {
    const native = createRequire(import.meta.url)("@confluentinc/kafka-javascript") as typeof RdKafka;
    const codes = native.CODES.ERRORS as unknown as Record<string, number>;
    for (const [name, code] of Object.entries(RD_ERRORS)) expect([name, codes[name]]).toEqual([name, code]);
  });

  it("round-trips keys, values and headers byte for byte, each acknowledged record landing once", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "rdk-roundtrip", ["events", "dlq"]);
    const records = Array.from({ length: 40 }, (_, i) =>
      record(
        `rt-${i}`,
        i % 3 === 0 ? null : `key-${i}-é`,
        // Arbitrary bytes, not valid UTF-8 in general: the value must not be re-encoded on the way.
        i === 7 ? null : randomBytes(1 + ((i * 97) % 3000)),
        { ce_subject: `subject ${i} ✓`, "content-type": "application/octet-stream" },
      ),
    );
    const deliveries = await withPort(portFor(topic, dlq), async (port) => {
      const info = await port.describeTopics([topic, dlq, `rdk-absent-${randomUUID()}`]);
      expect([...info.keys()].sort()).toEqual([topic, dlq].sort());
      expect(info.get(topic)).toMatchObject({ partitions: 3, replicationFactor: 1 });
      expect(info.get(topic)?.maxMessageBytes).toBeGreaterThan(0);
      // Two concurrent calls: librdkafka batches them together, each record still reported on its own.
      const [a, b] = await Promise.all([
        port.send(topic, records.slice(0, 25)),
        port.send(topic, records.slice(25)),
      ]);
      return [...a, ...b];
    });
    expect(failures(deliveries)).toEqual([]);
    expect(deliveries).toHaveLength(records.length);
    const landed = await consumeAll(brokers, topic, records.length);
    expect(landed).toHaveLength(records.length);
    expect(await recordCount(brokers, topic)).toBe(records.length);
    const byId = new Map(landed.map((r) => [r.headers["ce_id"], r]));
    for (const sent of records) {
      const got = byId.get(sent.headers["ce_id"]);
      expect(got?.key).toBe(sent.key);
      expect(got?.headers).toEqual(sent.headers);
      if (sent.value === null) expect(got?.value).toBeNull();
      else expect(got?.value?.equals(sent.value)).toBe(true);
    }
  });

  it("refuses a record over the topic's max.message.bytes permanently while its siblings land exactly once", async () => {
    const [dlq = ""] = await createTopics(brokers, "rdk-small", ["dlq"]);
    const [topic = ""] = await createTopics(brokers, "rdk-small", ["events"], 1, {
      "max.message.bytes": "8192",
    });
    const records = Array.from({ length: 9 }, (_, i) =>
      record(`small-${i}`, null, i === 4 ? Buffer.alloc(20_000, 0x78) : Buffer.from(`event ${i}`)),
    );
    const deliveries = await withPort(portFor(topic, dlq), (port) => port.send(topic, records));
    expect(failures(deliveries)).toEqual([{ i: 4, retriable: false, kind: "record" }]);
    const landed = await consumeAll(brokers, topic, 8);
    expect(landed.map((r) => r.headers["ce_id"]).sort()).toEqual(
      records.filter((_, i) => i !== 4).map((r) => r.headers["ce_id"]),
    );
    expect(await recordCount(brokers, topic)).toBe(8);
  });

  it("reports records for a missing topic as retriable failures within the delivery timeout, creating nothing", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "rdk-missing", ["events", "dlq"]);
    const missing = `rdk-missing.absent.${randomUUID().slice(0, 8)}`;
    const started = Date.now();
    const deliveries = await withPort(portFor(topic, dlq, { KAFKA_DELIVERY_TIMEOUT_MS: "3000" }), (port) =>
      port.send(missing, [record("m-1", "k", Buffer.from("a")), record("m-2", null, Buffer.from("b"))]),
    );
    const elapsed = Date.now() - started;
    expect(failures(deliveries)).toEqual([
      { i: 0, retriable: true, kind: "timeout" },
      { i: 1, retriable: true, kind: "timeout" },
    ]);
    expect(elapsed).toBeLessThan(3_000 + 4_000);
    const admin = kafkaClient(brokers).admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain(missing);
    await admin.disconnect();
  });

  it("acknowledges many concurrent calls with every acknowledged record in the topic once", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "rdk-load", ["events", "dlq"]);
    const calls = Array.from({ length: 30 }, (_, c) =>
      Array.from({ length: 40 }, (_, i) =>
        record(`load-${c}-${i}`, i % 2 ? `k${i}` : null, Buffer.from(`v${c}.${i}`)),
      ),
    );
    const results = await withPort(portFor(topic, dlq), (port) =>
      Promise.all(calls.map((r) => port.send(topic, r))),
    );
    const acked = results.flatMap((deliveries, c) =>
      deliveries.flatMap((d, i) => (d.ok ? [calls[c]?.[i]?.headers["ce_id"]] : [])),
    );
    expect(acked).toHaveLength(1_200);
    const landed = await consumeAll(brokers, topic, 1_200);
    const ids = landed.map((r) => r.headers["ce_id"]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(acked));
  });
});
