// One function per kind of run: the ingestor under a workload, the HTTP ceiling H, the Kafka ceiling K.
import { join } from "node:path";
import type { Admin } from "kafkajs";
import { forkModule, nextMessage, stopChild } from "./child.js";
import { isKafkaCeilingReply, isListeningMessage, isPhaseMessage, type KafkaCeilingSpec } from "./ipc.js";
import { SERVER_NODE_OPTIONS, startIngestor } from "./ingestor.js";
import { loopBusyPercent, sampleLoopBusy, type LoopSample } from "./loop-busy.js";
import { createTopics, deleteTopics, recordCount, type Broker } from "./kafka.js";
import { runLoad } from "./load.js";
import { ProcSampler } from "./proc-stats.js";
import { fromKafkaCeiling, fromLoad, type Measurement } from "./report.js";
import type { Workload } from "./scenarios.js";
import type { ProcStats } from "./types.js";

/** What every run needs: the broker, an admin client and the run's settings. */
export interface RunContext {
  readonly root: string;
  readonly runId: string;
  readonly broker: Broker;
  readonly admin: Admin;
  readonly logDir: string;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  readonly partitions: number;
  readonly ingestorLogLevel: string;
  /** BENCH_CPU_PROF=1: each ingestor run writes a CPU profile here. */
  readonly cpuProfileDir: string | undefined;
  readonly progress: (line: string) => void;
}

/** Samples a server and the broker, restarting the CPU window when the measured phase begins. */
class Watch {
  private server: ProcSampler;
  private broker: ProcSampler | undefined;

  constructor(
    private readonly serverPid: number,
    private readonly brokerPid: number | undefined,
  ) {
    this.server = new ProcSampler(serverPid);
    this.broker = brokerPid === undefined ? undefined : new ProcSampler(brokerPid);
  }

  measuredStarts(): void {
    this.server.stop();
    this.broker?.stop();
    this.server = new ProcSampler(this.serverPid);
    this.broker = this.brokerPid === undefined ? undefined : new ProcSampler(this.brokerPid);
  }

  stop(): { server: ProcStats; broker: ProcStats | null } {
    return { server: this.server.stop(), broker: this.broker?.stop() ?? null };
  }
}

export function topicName(ctx: RunContext, id: string): string {
  return `bench.${ctx.runId}.${id.replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}`;
}

export interface IngestorRunOptions {
  readonly id: string;
  readonly title: string;
  readonly workload: Workload;
  readonly connections: number;
  readonly overallRate?: number;
}

/** Creates fresh topics for run `id` and starts the built ingestor on them (its log named after the run). */
export async function ingestorOnFreshTopics(
  ctx: RunContext,
  id: string,
  env?: Readonly<Record<string, string>>,
) {
  const topic = topicName(ctx, id);
  const dlqTopic = `${topic}.dlq`;
  await createTopics(ctx.admin, [topic, dlqTopic], ctx.partitions);
  const slug = id.replace(/[^A-Za-z0-9]+/g, "_");
  const ingestor = await startIngestor({
    root: ctx.root,
    brokers: ctx.broker.brokers,
    topic,
    dlqTopic,
    logFile: join(ctx.logDir, `ingestor-${slug}.log`),
    logLevel: ctx.ingestorLogLevel,
    ...(ctx.cpuProfileDir === undefined ? {} : { cpuProfileDir: join(ctx.cpuProfileDir, slug) }),
    ...(env === undefined ? {} : { env }),
  });
  return { topic, dlqTopic, ingestor };
}

/** The ingestor on fresh topics under one workload; checks Kafka offsets against accepted events. */
export async function runIngestor(ctx: RunContext, o: IngestorRunOptions): Promise<Measurement> {
  const { topic, dlqTopic, ingestor } = await ingestorOnFreshTopics(ctx, o.id);
  const watch = new Watch(ingestor.pid, ctx.broker.pid);
  let atMeasuredStart: Promise<LoopSample | undefined> = Promise.resolve(undefined);
  try {
    ctx.progress(
      `${o.id}: ${o.title}, ${o.connections} connections${o.overallRate === undefined ? "" : `, ${o.overallRate} req/s`}`,
    );
    const run = await runLoad(
      {
        target: {
          url: `${ingestor.url}/events`,
          method: "POST",
          headers: o.workload.headers,
          body: o.workload.body,
        },
        connections: o.connections,
        warmupSeconds: ctx.warmupSeconds,
        durationSeconds: ctx.durationSeconds,
        timeoutSeconds: 30,
        ...(o.overallRate === undefined ? {} : { overallRate: o.overallRate }),
      },
      () => {
        watch.measuredStarts();
        atMeasuredStart = sampleLoopBusy(ingestor.url);
      },
    );
    const stats = watch.stop();
    const [start, end] = await Promise.all([atMeasuredStart, sampleLoopBusy(ingestor.url)]);
    // A graceful stop flushes the batcher: nothing acknowledged can still be on its way.
    await ingestor.stop();
    const [records, dlq] = await Promise.all([
      recordCount(ctx.admin, topic),
      recordCount(ctx.admin, dlqTopic),
    ]);
    return fromLoad({
      id: o.id,
      title: o.title,
      kind: "ingestor",
      concurrency: o.connections,
      eventsPerRequest: o.workload.eventsPerRequest,
      load: run.result,
      server: stats.server,
      loader: run.loader,
      broker: stats.broker,
      recordsInKafka: records,
      dlqRecords: dlq,
      loopBusyPercent: start === undefined || end === undefined ? undefined : loopBusyPercent(start, end),
    });
  } finally {
    watch.stop();
    await ingestor.stop();
    await deleteTopics(ctx.admin, [topic, dlqTopic]);
  }
}

/** H: the bare Hono handler, in its own process, under the same workload and connections. */
export async function runHttpCeiling(
  ctx: RunContext,
  id: string,
  workload: Workload,
  connections: number,
  /** Evenly paced requests per second (latency at a given load); unset = as fast as it answers. */
  overallRate?: number,
): Promise<Measurement> {
  // The same heap bound as the ingestor: a ceiling with a lazily collected heap would not be the same runtime.
  const child = forkModule("ceilings/hono.js", "hono-ceiling", { NODE_OPTIONS: SERVER_NODE_OPTIONS });
  try {
    const { port } = await nextMessage(child, isListeningMessage, 15_000);
    const pid = child.pid ?? 0;
    const watch = new Watch(pid, undefined);
    const paced = overallRate === undefined ? "" : `, ${overallRate} req/s`;
    ctx.progress(`${id}: bare Hono handler, ${workload.title}, ${connections} connections${paced}`);
    const run = await runLoad(
      {
        target: {
          url: `http://127.0.0.1:${port}/events`,
          method: "POST",
          headers: workload.headers,
          body: workload.body,
        },
        connections,
        warmupSeconds: ctx.warmupSeconds,
        durationSeconds: ctx.durationSeconds,
        timeoutSeconds: 30,
        ...(overallRate === undefined ? {} : { overallRate }),
      },
      () => {
        watch.measuredStarts();
      },
    );
    const stats = watch.stop();
    return fromLoad({
      id,
      title: `bare Hono, ${workload.title}${paced}`,
      kind: "http-ceiling",
      concurrency: connections,
      eventsPerRequest: workload.eventsPerRequest,
      load: run.result,
      server: stats.server,
      loader: run.loader,
      broker: null,
      recordsInKafka: null,
      dlqRecords: null,
    });
  } finally {
    await stopChild(child);
  }
}

export interface KafkaCeilingOptions {
  readonly batchRecords: number;
  readonly concurrency: number;
  readonly idempotent: boolean;
}

/** K: kafkajs alone producing the S2/S3 records as fast as it can, in its own process. */
export async function runKafkaCeiling(ctx: RunContext, o: KafkaCeilingOptions): Promise<Measurement> {
  const topic = topicName(ctx, "K");
  await createTopics(ctx.admin, [topic], ctx.partitions);
  const child = forkModule("ceilings/kafka.js", "kafka-ceiling");
  const watch = new Watch(child.pid ?? 0, ctx.broker.pid);
  child.on("message", (message: unknown) => {
    if (isPhaseMessage(message)) watch.measuredStarts();
  });
  try {
    ctx.progress(
      `K: kafkajs alone, ${o.batchRecords}-record batches, ${o.concurrency} in flight, idempotent=${o.idempotent}`,
    );
    const spec: KafkaCeilingSpec = {
      brokers: ctx.broker.brokers,
      topic,
      partitions: ctx.partitions,
      warmupSeconds: ctx.warmupSeconds,
      durationSeconds: ctx.durationSeconds,
      ...o,
    };
    child.send({ kind: "run-kafka", spec });
    const budgetMs = (ctx.warmupSeconds + ctx.durationSeconds + 60) * 1000;
    const reply = await nextMessage(child, isKafkaCeilingReply, budgetMs);
    if (reply.kind === "error") throw new Error(`Kafka ceiling: ${reply.message}`);
    const stats = watch.stop();
    const records = await recordCount(ctx.admin, topic);
    return fromKafkaCeiling(reply.result, { ...o, producer: stats.server, broker: stats.broker, records });
  } finally {
    watch.stop();
    await stopChild(child);
    await deleteTopics(ctx.admin, [topic]);
  }
}
