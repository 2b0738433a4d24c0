// K_java, the broker's limit on this machine: Apache Kafka's own producer benchmark
// (org.apache.kafka.tools.ProducerPerformance) from the pinned Kafka jars the local broker runs from
// (tools/kafka/pom.xml, resolved by scripts/kafka.sh into ~/.cache/event-ingestor/kafka-<ver>/lib), with the
// scenarios' record size, acks=all and linger 5 ms. Its rate is the broker's own count: the topic's high
// watermarks at the start and end of the measured phase (acks=all on one broker: what was acknowledged).
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stopChild } from "./child.js";
import { K_JAVA } from "./ids.js";
import { connectAdmin } from "./kafka.js";
import { fromJavaCeiling, type Measurement } from "./report.js";
import { topicName, Watch, type RunContext } from "./runs.js";

export interface JavaCeilingOptions {
  /** Bytes per record value: the S2/S3 records' key + value + header bytes (scenarios.ts). */
  readonly recordBytes: number;
  readonly lingerMs: number;
  /** batch.size: the ingestor's batch byte cap (KAFKA_BATCH_MAX_BYTES default). */
  readonly batchBytes: number;
}

/** Where scripts/kafka.sh keeps the pinned release's jars (the same rules as the script). */
export function kafkaLibDir(env: NodeJS.ProcessEnv, version: string): string {
  const cache =
    env["EI_KAFKA_CACHE"] ??
    join(env["XDG_CACHE_HOME"] ?? join(env["HOME"] ?? "/tmp", ".cache"), "event-ingestor");
  return join(cache, `kafka-${version}`, "lib");
}

/**
 * The JVM and ProducerPerformance arguments. JVM settings as Kafka's own kafka-producer-perf-test.sh runs
 * it (kafka-run-class.sh: G1, 20 ms pause goal; 512 MB heap), full JIT. The record count only has to
 * outlast the run: the bench stops it at the deadline.
 */
export function producerPerformanceArgs(
  o: JavaCeilingOptions & { lib: string; log4j: string; topic: string; bootstrap: string },
): string[] {
  return [
    "-Xms512m",
    "-Xmx512m",
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${o.log4j}`,
    "-cp",
    join(o.lib, "*"),
    "org.apache.kafka.tools.ProducerPerformance",
    "--topic",
    o.topic,
    "--num-records",
    "1000000000",
    "--record-size",
    String(o.recordBytes),
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${o.bootstrap}`,
    "client.id=event-ingestor-bench-k-java",
    "acks=all",
    `linger.ms=${o.lingerMs}`,
    `batch.size=${o.batchBytes}`,
    "compression.type=none",
  ];
}

export function javaTitle(o: JavaCeilingOptions): string {
  return `Kafka's ProducerPerformance (Java client), ${o.recordBytes}-byte records, acks=all, linger ${o.lingerMs} ms, idempotent`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs K_java; throws (the caller reports it skipped) when the jars or java are missing. */
export async function runJavaCeiling(ctx: RunContext, o: JavaCeilingOptions): Promise<Measurement> {
  const lib = kafkaLibDir(process.env, ctx.broker.version);
  if (!existsSync(join(lib, ".complete")))
    throw new Error(
      `the Kafka ${ctx.broker.version} jars are not in ${lib}: run 'bash scripts/kafka.sh up' once`,
    );
  const java =
    process.env["JAVA_HOME"] === undefined ? "java" : join(process.env["JAVA_HOME"], "bin", "java");
  const topic = topicName(ctx, K_JAVA);
  await ctx.topics.create([topic], ctx.partitions);
  const log4j = join(ctx.logDir, "k-java-log4j2.properties");
  writeFileSync(
    log4j,
    [
      "status = warn",
      "appender.err.type = Console",
      "appender.err.name = STDERR",
      "appender.err.target = SYSTEM_ERR",
      "appender.err.layout.type = PatternLayout",
      "appender.err.layout.pattern = %p %m%n",
      "rootLogger.level = WARN",
      "rootLogger.appenderRef.err.ref = STDERR",
      "",
    ].join("\n"),
  );
  const logFile = join(ctx.logDir, "k-java.log");
  const log = openSync(logFile, "a");
  const bootstrap = ctx.broker.brokers.join(",");
  const child = spawn(java, producerPerformanceArgs({ ...o, lib, log4j, topic, bootstrap }), {
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const admin = await connectAdmin(ctx.broker.brokers);
  let watch: Watch | undefined;
  try {
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    const acknowledged = async (): Promise<{ records: number; at: number }> => {
      const before = performance.now();
      const offsets = await admin.fetchTopicOffsets(topic);
      const at = (before + performance.now()) / 2;
      return { records: offsets.reduce((sum, p) => sum + Number(p.high), 0), at };
    };
    ctx.progress(`${K_JAVA}: ${javaTitle(o)}`);
    // The warm-up starts with the first acknowledged record (the JVM and its connections are up).
    const startBy = performance.now() + 60_000;
    while ((await acknowledged()).records === 0) {
      if (exited())
        throw new Error(`ProducerPerformance exited (${String(child.exitCode)}); log: ${logFile}`);
      if (performance.now() > startBy)
        throw new Error(`ProducerPerformance wrote nothing in 60 s; log: ${logFile}`);
      await sleep(100);
    }
    await sleep(ctx.warmupSeconds * 1000);
    watch = new Watch(child.pid ?? 0, ctx.broker.pid);
    const first = await acknowledged();
    await sleep(ctx.durationSeconds * 1000);
    const last = await acknowledged();
    const stats = watch.stop();
    if (exited()) throw new Error(`ProducerPerformance exited during the run; log: ${logFile}`);
    await stopChild(child);
    await admin.disconnect();
    const recordsInKafka = await ctx.topics.count(topic);
    return fromJavaCeiling({
      title: javaTitle(o),
      measuredRecords: last.records - first.records,
      measuredSeconds: (last.at - first.at) / 1000,
      recordsInKafka,
      recordBytes: o.recordBytes,
      producer: stats.server,
      broker: stats.broker,
    });
  } finally {
    watch?.stop();
    await stopChild(child);
    await admin.disconnect().catch(() => undefined);
    await ctx.topics.delete([topic]);
  }
}
