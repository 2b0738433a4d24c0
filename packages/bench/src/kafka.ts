// The broker the benchmark runs against, and the Kafka facts it checks (topics, offsets).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import kafkajs, { type Admin } from "kafkajs";
import {
  isRetriableKafkaError,
  TOPIC_RETRY,
  TopicNotReadyError,
  withRetry,
  type RetryHooks,
  type RetryPolicy,
} from "./retry.js";

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { Kafka, logLevel } = kafkajs;

/** The broker of a benchmark run. */
export interface Broker {
  readonly brokers: readonly string[];
  /** Apache Kafka release (from tools/kafka/pom.xml), or "external" for a KAFKA_BROKERS cluster. */
  readonly version: string;
  /** The broker's process id when it runs locally (its CPU and memory are reported), else undefined. */
  readonly pid: number | undefined;
  /** Freezes / thaws the broker process (overload scenario); only for a local broker. */
  readonly pause: (() => void) | undefined;
  readonly resume: (() => void) | undefined;
  /** Stops the broker if this run started it. */
  readonly release: () => void;
}

function kafkaSh(root: string, env: NodeJS.ProcessEnv, ...args: string[]): { ok: boolean; out: string } {
  const res = spawnSync("bash", [join(root, "scripts/kafka.sh"), ...args], {
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { ok: res.status === 0, out: res.stdout.trim() };
}

/**
 * Starts (or reuses) the benchmark's own local broker through scripts/kafka.sh: a separate state dir and
 * port, so pausing it never freezes the broker that `make dev` or the integration tests use. With
 * KAFKA_BROKERS set, that cluster is used as it is and the overload scenario cannot pause it.
 * @param root the repository root.
 * @param port the broker port (the controller listens on port + 1).
 */
export function startBroker(root: string, port: number): Broker {
  const external = process.env["KAFKA_BROKERS"];
  if (external !== undefined && external !== "") {
    return {
      brokers: external.split(",").map((b) => b.trim()),
      version: "external",
      pid: undefined,
      pause: undefined,
      resume: undefined,
      release: () => undefined,
    };
  }
  const cache = process.env["EI_KAFKA_CACHE"] ?? join(process.env["HOME"] ?? "/tmp", ".cache/event-ingestor");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EI_KAFKA_STATE: process.env["BENCH_KAFKA_STATE"] ?? join(cache, "bench-broker"),
    EI_KAFKA_PORT: String(port),
    EI_KAFKA_CONTROLLER_PORT: String(port + 1),
  };
  const wasRunning = kafkaSh(root, env, "pid").ok;
  if (!kafkaSh(root, env, "up").ok) throw new Error("scripts/kafka.sh up failed (see its output above)");
  const pid = Number(kafkaSh(root, env, "pid").out);
  const version = /<kafka\.version>([^<]+)</.exec(
    readFileSync(join(root, "tools/kafka/pom.xml"), "utf8"),
  )?.[1];
  return {
    brokers: [kafkaSh(root, env, "bootstrap").out],
    version: version ?? "unknown",
    pid: Number.isInteger(pid) && pid > 0 ? pid : undefined,
    pause: () => {
      kafkaSh(root, env, "pause");
    },
    resume: () => {
      kafkaSh(root, env, "resume");
    },
    release: () => {
      kafkaSh(root, env, "resume");
      if (!wasRunning && process.env["BENCH_KEEP_KAFKA"] !== "1") kafkaSh(root, env, "down");
    },
  };
}

/** Connects a kafkajs admin client (one per topic operation: see `Topics`). */
export type AdminConnector = () => Promise<Admin>;

/** A kafkajs admin client for topic set-up and offset checks. */
export async function connectAdmin(brokers: readonly string[]): Promise<Admin> {
  const kafka = new Kafka({
    clientId: "event-ingestor-bench",
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  return admin;
}

async function withAdmin<T>(connect: AdminConnector, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = await connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Ready means: every topic has `partitions` partitions, each with a leader, and that leader answers
 * ListOffsets for it (the request that failed with "This server does not host this topic-partition" while
 * the broker's metadata caught up with a deletion).
 */
export async function assertTopicsReady(
  admin: Admin,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
  for (const topic of topics) {
    const t = meta.find((m) => m.name === topic);
    const led = t?.partitions.filter((p) => p.leader >= 0).length ?? 0;
    if (t?.partitions.length !== partitions || led !== partitions) {
      throw new TopicNotReadyError(`topic ${topic}: ${led} of ${partitions} partitions have a leader`);
    }
  }
  for (const topic of topics) await admin.fetchTopicOffsets(topic);
}

/**
 * The bench's topic operations. Each uses its own short-lived admin client: a kafkajs client keeps every
 * topic it has seen in its metadata targets, and once one of those is deleted, the next metadata refresh
 * (the first step of createTopics) fails with UNKNOWN_TOPIC_OR_PARTITION. That is how a full run died
 * after S3. Creation is also retried (bounded) on retriable errors, and waits until the topics are ready.
 */
export class Topics {
  constructor(
    private readonly connect: AdminConnector,
    private readonly retry: RetryPolicy = TOPIC_RETRY,
    private readonly hooks: RetryHooks = {},
  ) {}

  static forBrokers(brokers: readonly string[], onRetry?: RetryHooks["onRetry"]): Topics {
    return new Topics(() => connectAdmin(brokers), TOPIC_RETRY, onRetry === undefined ? {} : { onRetry });
  }

  /** Creates fresh topics (names are unique per run) and returns once they are ready. */
  async create(topics: readonly string[], partitions: number): Promise<void> {
    await withRetry(
      () =>
        withAdmin(this.connect, async (admin) => {
          // false (not an error) when an earlier try created them already.
          await admin.createTopics({
            waitForLeaders: true,
            topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
          });
          await assertTopicsReady(admin, topics, partitions);
        }),
      isRetriableKafkaError,
      this.retry,
      this.hooks,
    );
  }

  /** Records in a topic: the sum over partitions of high watermark minus log start offset. */
  async count(topic: string): Promise<number> {
    return withRetry(
      () => withAdmin(this.connect, (admin) => recordCount(admin, topic)),
      isRetriableKafkaError,
      this.retry,
      this.hooks,
    );
  }

  /** Deletes the run's topics (best effort: a leftover topic costs disk, not correctness). */
  async delete(topics: readonly string[]): Promise<void> {
    await withAdmin(this.connect, (admin) => admin.deleteTopics({ topics: [...topics] })).catch(
      () => undefined,
    );
  }
}

/** Records in a topic: the sum over partitions of high watermark minus log start offset. */
export async function recordCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
}
