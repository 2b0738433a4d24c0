// K_client: each Kafka client the ingestor can run, alone, behind one small interface. Adding a client to
// the bench is one entry in KAFKA_CLIENTS (and, for the scenarios, the ingestor's KAFKA_CLIENT value).
import { createRequire } from "node:module";
import { join } from "node:path";
import kafkajs from "kafkajs";
import type { KafkaCeilingSpec } from "../ipc.js";
import type { CeilingRecord } from "../scenarios.js";

/** Starts the error message of a client that cannot be loaded on this machine (the run is skipped). */
export const UNAVAILABLE = "unavailable:";

export type PartitionedRecord = CeilingRecord & { readonly partition: number };

/** A connected producer of one client: sends a batch and resolves once the broker acknowledged all of it. */
export interface CeilingProducer {
  send(records: readonly PartitionedRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface KafkaClientEntry {
  /** One line for the report: the client and how it is driven. */
  readonly title: (spec: KafkaCeilingSpec) => string;
  readonly connect: (spec: KafkaCeilingSpec) => Promise<CeilingProducer>;
}

/** kafkajs with the ingestor's producer settings (acks=-1, no compression, idempotence as configured). */
async function connectKafkajs(spec: KafkaCeilingSpec): Promise<CeilingProducer> {
  const { CompressionTypes, Kafka, logLevel } = kafkajs;
  const kafka = new Kafka({
    clientId: "event-ingestor-bench-k",
    brokers: [...spec.brokers],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    idempotent: spec.idempotent,
    ...(spec.idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  await producer.connect();
  return {
    send: async (records) => {
      const messages = records.map((r) => ({
        key: r.key,
        value: r.value,
        headers: { ...r.headers },
        partition: r.partition,
      }));
      await producer.send({ topic: spec.topic, acks: -1, compression: CompressionTypes.None, messages });
    },
    disconnect: () => producer.disconnect(),
  };
}

/**
 * The part of @confluentinc/kafka-javascript's native API the ceiling uses (its own typings are not
 * visible from this package, which does not depend on it: see connectLibrdkafka).
 */
interface RdProducer {
  on(
    event: "delivery-report",
    listener: (err: { message: string } | null | undefined, report: { opaque?: unknown }) => void,
  ): void;
  connect(options: { timeout: number }, callback: (err: { message: string } | null) => void): void;
  setPollInBackground(on: boolean): void;
  produce(
    topic: string,
    partition: number | null,
    value: Buffer,
    key: string | null,
    timestamp: number | null,
    opaque: unknown,
    headers: Record<string, string>[],
  ): boolean;
  flush(timeoutMs: number, callback: () => void): void;
  disconnect(callback: () => void): void;
}

interface RdKafkaModule {
  readonly Producer: new (config: Record<string, string | number | boolean>) => RdProducer;
}

/**
 * @confluentinc/kafka-javascript's native Producer (librdkafka) with delivery reports, loaded from the
 * ingestor's package (the bench does not depend on it), with the settings of the ingestor's
 * librdkafka-config.ts: idempotent, acks=all, linger.ms 5, 500 records / 900 KB batches, no compression.
 * A batch resolves when every record's delivery report is in, like the ingestor's send().
 */
async function connectLibrdkafka(spec: KafkaCeilingSpec): Promise<CeilingProducer> {
  let rd: RdKafkaModule;
  try {
    rd = createRequire(join(spec.nativeFrom, "package.json"))(
      "@confluentinc/kafka-javascript",
    ) as RdKafkaModule;
  } catch (err) {
    // Not a failure of the run: this machine cannot load the client (not installed, binding not built).
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new Error(
      `${UNAVAILABLE} @confluentinc/kafka-javascript does not load from ${spec.nativeFrom}: ${why}`,
    );
  }
  const producer = new rd.Producer({
    "bootstrap.servers": spec.brokers.join(","),
    "client.id": "event-ingestor-bench-k-librdkafka",
    "enable.idempotence": true,
    acks: -1,
    "linger.ms": spec.lingerMs,
    "batch.size": spec.batchBytes,
    "batch.num.messages": spec.batchRecords,
    "compression.type": "none",
    "allow.auto.create.topics": false,
    partitioner: "murmur2_random",
    dr_cb: true,
  });
  interface Pending {
    remaining: number;
    failed: Error | undefined;
    done: (err?: Error) => void;
  }
  producer.on("delivery-report", (err, report) => {
    const pending = report.opaque as Pending | undefined;
    if (pending === undefined) return;
    if (err) pending.failed ??= new Error(`delivery failed: ${err.message}`);
    if (--pending.remaining === 0) pending.done(pending.failed);
  });
  await new Promise<void>((resolve, reject) => {
    producer.connect({ timeout: 10_000 }, (err) => {
      if (err) reject(new Error(`librdkafka connect: ${err.message}`));
      else resolve();
    });
  });
  producer.setPollInBackground(true);
  return {
    send: (records) =>
      new Promise<void>((resolve, reject) => {
        const pending: Pending = {
          remaining: records.length,
          failed: undefined,
          done: (err) => {
            if (err === undefined) resolve();
            else reject(err);
          },
        };
        for (const r of records) {
          const headers = Object.entries(r.headers).map(([name, value]) => ({ [name]: value }));
          // Partition null: librdkafka's partitioner picks it (sticky for keyless records), as in the ingestor.
          producer.produce(spec.topic, null, r.value, r.key, null, pending, headers);
        }
      }),
    disconnect: () =>
      new Promise<void>((resolve) => {
        producer.flush(10_000, () => {
          producer.disconnect(() => {
            resolve();
          });
        });
      }),
  };
}

/** Every client K_client can measure, by the name the ingestor's KAFKA_CLIENT takes. */
export const KAFKA_CLIENTS = {
  kafkajs: {
    title: (s) =>
      `kafkajs alone, ${s.batchRecords}-record batches, ${s.concurrency} in flight, acks=-1, idempotent=${s.idempotent}`,
    connect: connectKafkajs,
  },
  librdkafka: {
    title: (s) =>
      `librdkafka alone (native Producer, delivery reports), ${s.concurrency}x${s.batchRecords} records in flight, linger ${s.lingerMs} ms, acks=-1, idempotent`,
    connect: connectLibrdkafka,
  },
} as const satisfies Record<string, KafkaClientEntry>;

export type KafkaClientName = keyof typeof KAFKA_CLIENTS;

export function isKafkaClientName(name: string): name is KafkaClientName {
  return Object.hasOwn(KAFKA_CLIENTS, name);
}
