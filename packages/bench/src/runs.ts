// One function per kind of run: the ingestor under a workload (per Kafka client), the HTTP ceilings
// H_node and H_hono, and the client ceilings K_client. K_java has its own module (java-ceiling.ts).
import { join } from "node:path";
import { forkModule, nextMessage, stopChild, type ChildRole } from "./child.js";
import { KAFKA_CLIENTS, type KafkaClientName } from "./ceilings/kafka-clients.js";
import type { HttpCeiling } from "./ids.js";
import {
  isKafkaCeilingReply,
  isListeningMessage,
  isPhaseEndMessage,
  isPhaseMessage,
  type KafkaCeilingSpec,
} from "./ipc.js";
import { nativeClientLoaded, SERVER_NODE_OPTIONS, startIngestor } from "./ingestor.js";
import { loopBusyPercent, sampleLoopBusy, type LoopSample } from "./loop-busy.js";
import type { Broker, Topics } from "./kafka.js";
import { runLoad } from "./load.js";
import { ProcSampler } from "./proc-stats.js";
import { fromKafkaCeiling, fromLoad, type Measurement } from "./report.js";
import type { Workload } from "./scenarios.js";
import type { ProcStats } from "./types.js";

/** What every run needs: the broker, its topics and the run's settings. */
export interface RunContext {
  readonly root: string;
  readonly runId: string;
  readonly broker: Broker;
  readonly topics: Topics;
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
export class Watch {
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
  return `bench.${ctx.runId}.${id
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/-+$/, "")
    .toLowerCase()}`;
}

export interface IngestorRunOptions {
  readonly id: string;
  readonly title: string;
  readonly client: string;
  readonly workload: Workload;
  readonly connections: number;
  readonly overallRate?: number;
}

/** Creates fresh topics for run `id` and starts the built ingestor on them (its log named after the run). */
export async function ingestorOnFreshTopics(
  ctx: RunContext,
  id: string,
  client: string,
  env?: Readonly<Record<string, string>>,
) {
  const topic = topicName(ctx, id);
  const dlqTopic = `${topic}.dlq`;
  await ctx.topics.create([topic, dlqTopic], ctx.partitions);
  const slug = id.replace(/[^A-Za-z0-9]+/g, "_");
  try {
    const ingestor = await startIngestor({
      root: ctx.root,
      brokers: ctx.broker.brokers,
      topic,
      dlqTopic,
      client,
      logFile: join(ctx.logDir, `ingestor-${slug}.log`),
      logLevel: ctx.ingestorLogLevel,
      ...(ctx.cpuProfileDir === undefined ? {} : { cpuProfileDir: join(ctx.cpuProfileDir, slug) }),
      ...(env === undefined ? {} : { env }),
    });
    return { topic, dlqTopic, ingestor };
  } catch (err) {
    await ctx.topics.delete([topic, dlqTopic]);
    throw err;
  }
}

/** Which client the ingestor process really runs, from the native binding being mapped or not. */
function clientSeen(pid: number): string | undefined {
  const loaded = nativeClientLoaded(pid);
  return loaded === undefined ? undefined : loaded ? "librdkafka" : "kafkajs";
}

/** The ingestor on fresh topics under one workload; checks Kafka offsets against accepted events. */
export async function runIngestor(
  ctx: RunContext,
  o: IngestorRunOptions,
): Promise<{ measurement: Measurement; clientSeen: string | undefined }> {
  const { topic, dlqTopic, ingestor } = await ingestorOnFreshTopics(ctx, o.id, o.client);
  const watch = new Watch(ingestor.pid, ctx.broker.pid);
  let atMeasuredStart: Promise<LoopSample | undefined> = Promise.resolve(undefined);
  try {
    ctx.progress(
      `${o.id}: ${o.title}, KAFKA_CLIENT=${o.client}, ${o.connections} connections${o.overallRate === undefined ? "" : `, ${o.overallRate} req/s`}`,
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
    // After the load: by now the producer has connected whichever client it runs.
    const seen = clientSeen(ingestor.pid);
    const [start, end] = await Promise.all([atMeasuredStart, sampleLoopBusy(ingestor.url)]);
    // A graceful stop flushes the batcher: nothing acknowledged can still be on its way.
    await ingestor.stop();
    const records = await ctx.topics.count(topic);
    const dlq = await ctx.topics.count(dlqTopic);
    const measurement = fromLoad({
      id: o.id,
      title: o.title,
      kind: "ingestor",
      client: o.client,
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
    return { measurement, clientSeen: seen };
  } finally {
    watch.stop();
    await ingestor.stop();
    await ctx.topics.delete([topic, dlqTopic]);
  }
}

const HTTP_CEILINGS: Record<HttpCeiling, { module: string; role: ChildRole; what: string }> = {
  H_node: { module: "ceilings/node-http.js", role: "node-http-ceiling", what: "bare node:http" },
  H_hono: { module: "ceilings/hono.js", role: "hono-ceiling", what: "bare Hono" },
};

/** H_node or H_hono: a bare handler, in its own process, under the same workload and connections. */
export async function runHttpCeiling(
  ctx: RunContext,
  ceiling: HttpCeiling,
  id: string,
  workload: Workload,
  connections: number,
  /** Evenly paced requests per second (latency at a given load); unset = as fast as it answers. */
  overallRate?: number,
): Promise<Measurement> {
  const { module, role, what } = HTTP_CEILINGS[ceiling];
  // The same heap bound as the ingestor: a ceiling with a lazily collected heap would not be the same runtime.
  const child = forkModule(module, role, { NODE_OPTIONS: SERVER_NODE_OPTIONS });
  try {
    const { port } = await nextMessage(child, isListeningMessage, 15_000);
    const pid = child.pid ?? 0;
    const watch = new Watch(pid, undefined);
    const paced = overallRate === undefined ? "" : `, ${overallRate} req/s`;
    ctx.progress(`${id}: ${what} handler, ${workload.title}, ${connections} connections${paced}`);
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
      title: `${what}, ${workload.title}${paced}`,
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
  readonly lingerMs: number;
  readonly batchBytes: number;
}

/** K_client: one Kafka client alone producing the S2/S3 records as fast as it can, in its own process. */
export async function runKafkaClientCeiling(
  ctx: RunContext,
  id: string,
  client: KafkaClientName,
  o: KafkaCeilingOptions,
): Promise<Measurement> {
  const topic = topicName(ctx, id);
  await ctx.topics.create([topic], ctx.partitions);
  const child = forkModule("ceilings/kafka.js", "kafka-ceiling");
  const watch = new Watch(child.pid ?? 0, ctx.broker.pid);
  let stats: ReturnType<Watch["stop"]> | undefined;
  child.on("message", (message: unknown) => {
    if (isPhaseMessage(message)) watch.measuredStarts();
    if (isPhaseEndMessage(message)) stats = watch.stop();
  });
  try {
    const spec: KafkaCeilingSpec = {
      client,
      nativeFrom: join(ctx.root, "packages/ingestor"),
      brokers: ctx.broker.brokers,
      topic,
      partitions: ctx.partitions,
      warmupSeconds: ctx.warmupSeconds,
      durationSeconds: ctx.durationSeconds,
      ...o,
    };
    const title = KAFKA_CLIENTS[client].title(spec);
    ctx.progress(`${id}: ${title}`);
    child.send({ kind: "run-kafka", spec });
    const budgetMs = (ctx.warmupSeconds + ctx.durationSeconds + 60) * 1000;
    const reply = await nextMessage(child, isKafkaCeilingReply, budgetMs);
    if (reply.kind === "error") throw new Error(`${id}: ${reply.message}`);
    const { server, broker } = stats ?? watch.stop();
    const records = await ctx.topics.count(topic);
    return fromKafkaCeiling(reply.result, { ...o, client, title, producer: server, broker, records });
  } finally {
    watch.stop();
    await stopChild(child);
    await ctx.topics.delete([topic]);
  }
}
