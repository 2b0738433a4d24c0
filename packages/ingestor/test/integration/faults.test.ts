import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createTopics, idsInTopic, partitionCounts, withAdmin } from "../support/kafka.js";
import { startIngestor, waitReady, type RunningIngestor } from "../support/ingestor.js";
import { drive, sleep, until, type LoadResult } from "../support/load.js";

const brokers = inject("kafkaBrokers");

/** One line per fault: what the service acknowledged, what Kafka holds of it, what was lost. */
interface FaultReport {
  readonly fault: string;
  readonly acknowledged: number;
  readonly inKafka: number;
  readonly lost: number;
  readonly status: Record<string, number>;
}
const reports: FaultReport[] = [];

async function account(fault: string, topic: string, result: LoadResult): Promise<string[]> {
  const inKafka = await idsInTopic(brokers, topic, result.acceptedIds);
  const lost = [...result.acceptedIds].filter((id) => !inKafka.has(id));
  reports.push({
    fault,
    acknowledged: result.acceptedIds.size,
    inKafka: inKafka.size,
    lost: lost.length,
    status: Object.fromEntries([...result.statuses].map(([s, n]) => [String(s), n])),
  });
  return lost;
}

afterAll(() => {
  // `make test-faults` prints this table; the JSON is kept beside the package for CI logs.
  const lines = reports.map(
    (r) =>
      `${r.fault.padEnd(48)} acknowledged ${String(r.acknowledged).padStart(6)}  in Kafka ${String(r.inKafka).padStart(6)}  lost ${r.lost}  ${JSON.stringify(r.status)}`,
  );
  process.stdout.write(`\nfault injection under load:\n${lines.join("\n")}\n`);
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/faults.json", `${JSON.stringify(reports, null, 2)}\n`);
});

/** Deletes a topic and creates it again; the broker needs a moment between the two, so retry until it takes. */
async function recreate(topic: string, partitions: number): Promise<void> {
  await withAdmin(brokers, (admin) => admin.deleteTopics({ topics: [topic], timeout: 30_000 }));
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(brokers, (admin) =>
        admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
        }),
      );
      if ((await partitionCounts(brokers, topic)).length === partitions) return;
    } catch (err) {
      if (attempt >= 60) throw err;
    }
    await sleep(500);
  }
}

async function ingestorFor(
  topic: string,
  dlq: string,
  env: Record<string, string> = {},
): Promise<RunningIngestor> {
  const svc = await startIngestor({
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: dlq,
    ...env,
  });
  await waitReady(svc.url);
  return svc;
}

describe("partition changes under load", () => {
  it("partitions added (3 -> 6) under load: every acknowledged event is in the topic, and the new partitions fill", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "grow", ["events", "dlq"], 3);
    const svc = await ingestorFor(topic, dlq);
    try {
      const load = drive(svc.url, 16, "grow");
      await until(() => load.acceptedIds.size >= 300, 30_000, "traffic before the change");
      await withAdmin(brokers, (admin) => admin.createPartitions({ topicPartitions: [{ topic, count: 6 }] }));
      const changedAt = load.acceptedIds.size;
      // Longer than KAFKA_METADATA_MAX_AGE_MS (5 s): the producer must have seen the new partitions.
      await sleep(8_000);
      await until(() => load.acceptedIds.size >= changedAt + 500, 30_000, "traffic after the change");
      const result = await load.stop();
      expect(await account("partitions added 3 -> 6", topic, result)).toEqual([]);
      const counts = await partitionCounts(brokers, topic);
      expect(counts).toHaveLength(6);
      expect(counts.slice(3).every((n) => n > 0)).toBe(true);
    } finally {
      await svc.stop();
    }
  }, 120_000);

  it("topic recreated with fewer partitions (6 -> 2): every event acknowledged afterwards is in the new topic", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "shrink", ["events", "dlq"], 6);
    const svc = await ingestorFor(topic, dlq);
    try {
      const warm = drive(svc.url, 16, "shrink-before");
      await until(() => warm.acceptedIds.size >= 300, 30_000, "traffic on six partitions");
      await warm.stop();
      await recreate(topic, 2);
      // The producer still believes in six partitions: this load runs into its stale metadata at once.
      const load = drive(svc.url, 16, "shrink-after");
      await sleep(8_000);
      await until(() => load.acceptedIds.size >= 500, 60_000, "traffic on the new topic");
      const result = await load.stop();
      expect(await account("topic recreated 6 -> 2 partitions", topic, result)).toEqual([]);
      expect(await partitionCounts(brokers, topic)).toHaveLength(2);
    } finally {
      await svc.stop();
    }
  }, 150_000);
});

describe("the broker and the ingestor stopping under load", () => {
  it("broker stopped and restarted under load: every acknowledged event is in the topic", async () => {
    if (inject("kafkaPid") === 0) throw new Error("this test restarts the project's local broker");
    const { kafkaCtl } = await import("../support/kafka.js");
    const [topic = "", dlq = ""] = await createTopics(brokers, "restart", ["events", "dlq"]);
    const svc = await ingestorFor(topic, dlq, {
      KAFKA_DELIVERY_TIMEOUT_MS: "3000",
      KAFKA_REQUEST_TIMEOUT_MS: "1000",
    });
    let up = true;
    try {
      const load = drive(svc.url, 8, "restart");
      await until(() => load.acceptedIds.size >= 300, 30_000, "traffic before the restart");
      await kafkaCtl("down");
      up = false;
      await until(() => (load.statuses.get(503) ?? 0) >= 4, 30_000, "503s while the broker is down");
      await kafkaCtl("up");
      up = true;
      const before = load.acceptedIds.size;
      await until(() => load.acceptedIds.size >= before + 300, 90_000, "recovery");
      const result = await load.stop();
      expect(await account("broker stopped and restarted", topic, result)).toEqual([]);
    } finally {
      if (!up) await kafkaCtl("up");
      await svc.stop();
    }
  }, 240_000);

  it("librdkafka, broker restarted mid-load: every acknowledged event is in the topic exactly once (idempotence)", async () => {
    if (inject("kafkaPid") === 0) throw new Error("this test restarts the project's local broker");
    const { consumeAll, kafkaCtl, recordCount } = await import("../support/kafka.js");
    const [topic = "", dlq = ""] = await createTopics(brokers, "once", ["events", "dlq"]);
    const svc = await ingestorFor(topic, dlq, {
      KAFKA_CLIENT: "librdkafka",
      KAFKA_DELIVERY_TIMEOUT_MS: "8000",
      KAFKA_REQUEST_TIMEOUT_MS: "2000",
    });
    let up = true;
    try {
      const load = drive(svc.url, 8, "once");
      await until(() => load.acceptedIds.size >= 300, 30_000, "traffic before the restart");
      await kafkaCtl("down");
      up = false;
      await kafkaCtl("up");
      up = true;
      const before = load.acceptedIds.size;
      await until(() => load.acceptedIds.size >= before + 300, 90_000, "recovery");
      const result = await load.stop();
      expect(await account("librdkafka, broker restarted (exactly once)", topic, result)).toEqual([]);
      // The whole topic: it holds more records than acknowledged ids (events answered 503 may land too), and
      // a duplicate may sit anywhere in it.
      const total = await recordCount(brokers, topic);
      const records = await consumeAll(brokers, topic, total, 60_000);
      expect(records).toHaveLength(total);
      const times = new Map<string, number>();
      for (const r of records) {
        const id = r.headers["ce_id"] ?? "";
        if (result.acceptedIds.has(id)) times.set(id, (times.get(id) ?? 0) + 1);
      }
      expect([...times.values()].filter((n) => n !== 1)).toEqual([]);
      expect(times.size).toBe(result.acceptedIds.size);
    } finally {
      if (!up) await kafkaCtl("up");
      await svc.stop();
    }
  }, 240_000);

  it("ingestor SIGTERM under load: exits 0 and every acknowledged event is in the topic", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "term", ["events", "dlq"]);
    const svc = await ingestorFor(topic, dlq, { KAFKA_LINGER_MS: "50" });
    const load = drive(svc.url, 16, "term", { stopOnDraining: true });
    await until(() => load.acceptedIds.size >= 300, 30_000, "traffic before SIGTERM");
    const code = await svc.stop("SIGTERM");
    const result = await load.stop();
    expect(code).toBe(0);
    expect(await account("ingestor SIGTERM", topic, result)).toEqual([]);
  }, 120_000);

  it("ingestor killed (SIGKILL) under load: every acknowledged event is in the topic", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "kill", ["events", "dlq"]);
    const svc = await ingestorFor(topic, dlq, { KAFKA_LINGER_MS: "50" });
    const load = drive(svc.url, 16, "kill");
    await until(() => load.acceptedIds.size >= 300, 30_000, "traffic before SIGKILL");
    await svc.stop("SIGKILL");
    const result = await load.stop();
    expect(await account("ingestor SIGKILL", topic, result)).toEqual([]);
  }, 120_000);
});
