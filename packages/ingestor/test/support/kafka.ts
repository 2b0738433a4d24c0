import { randomUUID } from "node:crypto";
import { Kafka, logLevel, type Admin, type IHeaders, type KafkaMessage } from "kafkajs";
import { untilLed } from "../../src/topics/ensure.js";

export interface ConsumedRecord {
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  /** The header values as the bytes on the wire. */
  readonly headerBytes: Readonly<Record<string, Buffer>>;
  readonly keyBytes: Buffer | null;
  readonly partition: number;
  readonly offset: string;
}

export function kafkaClient(brokers: string): Kafka {
  return new Kafka({ clientId: "ingestor-tests", brokers: brokers.split(","), logLevel: logLevel.NOTHING });
}

/** Creates fresh, uniquely named topics so tests never see each other's records; `config` sets topic configs. */
export async function createTopics(
  brokers: string,
  prefix: string,
  names: readonly string[],
  partitions = 3,
  config: Readonly<Record<string, string>> = {},
): Promise<string[]> {
  const topics = names.map((name) => `${prefix}.${name}.${randomUUID().slice(0, 8)}`);
  const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
  await withAdmin(brokers, async (admin) => {
    await admin.createTopics({
      // Not kafkajs' waitForLeaders: right after CreateTopics the KRaft broker may answer metadata with
      // UNKNOWN_TOPIC_OR_PARTITION, which that wait does not retry (it failed whole integration files in CI).
      waitForLeaders: false,
      topics: topics.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries,
      })),
    });
    await untilLed(admin, topics, partitions, 30_000, 100);
  });
  return topics;
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.map(String).join(",") : value.toString();
  }
  return out;
}

function headerBytesOf(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (Buffer.isBuffer(value)) out[name] = value;
    else if (typeof value === "string") out[name] = Buffer.from(value);
  }
  return out;
}

/**
 * Reads a topic until every one of `ids` (ce_id headers) was seen, or the timeout passed; returns the ids
 * seen. Counting records is not enough: events answered 503 may land too (as retries would), so a topic
 * can hold more records than acknowledged ids.
 */
export async function idsInTopic(
  brokers: string,
  topic: string,
  ids: ReadonlySet<string>,
  timeoutMs = 30_000,
): Promise<Set<string>> {
  const seen = new Set<string>();
  let scanned = 0;
  await consumeAll(brokers, topic, ids.size, timeoutMs, (records) => {
    for (; scanned < records.length; scanned++) {
      const id = records[scanned]?.headers["ce_id"];
      if (id !== undefined && ids.has(id)) seen.add(id);
    }
    return seen.size >= ids.size;
  });
  return seen;
}

/** Runs `work` with a connected admin client of the test cluster. */
export async function withAdmin<T>(brokers: string, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Records per partition (high-watermark less low), in partition order. */
export async function partitionCounts(brokers: string, topic: string): Promise<number[]> {
  const offsets = await withAdmin(brokers, (admin) => admin.fetchTopicOffsets(topic));
  return offsets.sort((a, b) => a.partition - b.partition).map((p) => Number(p.high) - Number(p.low));
}

/** Total records in a topic (sum of high-watermarks), read from the broker's offsets. */
export async function recordCount(brokers: string, topic: string): Promise<number> {
  const admin = kafkaClient(brokers).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads every record of a topic from the beginning until `expected` records arrived or the timeout passed.
 * Uses a fresh consumer group so each call sees the whole topic.
 */
export async function consumeAll(
  brokers: string,
  topic: string,
  expected: number,
  timeoutMs = 20_000,
  enough: (records: readonly ConsumedRecord[]) => boolean = (records) => records.length >= expected,
): Promise<ConsumedRecord[]> {
  const consumer = kafkaClient(brokers).consumer({ groupId: `tests-${randomUUID()}` });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      consumer
        .run({
          eachMessage: ({ message, partition }: { message: KafkaMessage; partition: number }) => {
            records.push({
              key: message.key?.toString() ?? null,
              value: message.value,
              headers: headersOf(message.headers),
              headerBytes: headerBytesOf(message.headers),
              keyBytes: message.key,
              partition,
              offset: message.offset,
            });
            if (enough(records)) done();
            return Promise.resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** Runs scripts/kafka.sh (the project's local broker control). */
export async function kafkaCtl(...args: string[]): Promise<void> {
  const { execFile } = await import("node:child_process");
  const { promisify } = await import("node:util");
  const script = new URL("../../../../scripts/kafka.sh", import.meta.url).pathname;
  await promisify(execFile)("bash", [script, ...args], { timeout: 180_000 });
}
