// Overload: 10x the S1 connections with large batches while the broker is frozen (SIGSTOP), then thawed.
// Expected: 503 + Retry-After instead of growing memory, RSS bounded by the in-flight cap plus a margin,
// readiness and 2xx back once the broker answers again, and no acknowledged event missing from Kafka.
import { join } from "node:path";
import { startIngestor } from "./ingestor.js";
import { createTopics, deleteTopics, recordCount } from "./kafka.js";
import { runLoad } from "./load.js";
import { ProcSampler } from "./proc-stats.js";
import { overloadPassed, type OverloadMeasurement } from "./report.js";
import { topicName, type RunContext } from "./runs.js";
import { jsonArray } from "./scenarios.js";
import { round } from "./stats.js";

/** The ingestor's default in-flight cap (contract: MAX_INFLIGHT_BYTES). */
export const MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;
/**
 * What the process may hold beyond the capped event bytes: Node and V8 themselves (~60 MB), parsed
 * copies of in-flight events, request bodies being read before admission, and socket buffers of 640
 * connections.
 */
export const RSS_MARGIN_MB = 128;

export interface OverloadOptions {
  readonly connections: number;
  /** Events per request: large enough that 10x connections overrun the in-flight cap. */
  readonly eventsPerRequest: number;
  readonly pauseSeconds: number;
  /** Load after the resume, to see recovery. */
  readonly afterResumeSeconds: number;
}

async function waitReady(ready: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (await ready()) return round((performance.now() - start) / 1000, 2);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** Runs the overload scenario, or returns null when the broker cannot be paused (KAFKA_BROKERS set). */
export async function runOverload(ctx: RunContext, o: OverloadOptions): Promise<OverloadMeasurement | null> {
  const { pause, resume } = ctx.broker;
  if (pause === undefined || resume === undefined) {
    ctx.progress("overload: skipped (the broker is not local, it cannot be paused)");
    return null;
  }
  const workload = jsonArray(o.eventsPerRequest);
  const topic = topicName(ctx, "overload");
  const dlqTopic = `${topic}.dlq`;
  await createTopics(ctx.admin, [topic, dlqTopic], ctx.partitions);
  const ingestor = await startIngestor({
    root: ctx.root,
    brokers: ctx.broker.brokers,
    topic,
    dlqTopic,
    logFile: join(ctx.logDir, "ingestor-overload.log"),
    logLevel: ctx.ingestorLogLevel,
    env: { MAX_INFLIGHT_BYTES: String(MAX_INFLIGHT_BYTES) },
  });
  const sampler = new ProcSampler(ingestor.pid, 100);
  let resumeTimer: NodeJS.Timeout | undefined;
  let readyAfterResume: Promise<number | null> = Promise.resolve(null);
  try {
    ctx.progress(
      `overload: ${o.connections} connections, ${workload.title}, broker paused ${o.pauseSeconds} s then resumed`,
    );
    const run = await runLoad(
      {
        target: {
          url: `${ingestor.url}/events`,
          method: "POST",
          headers: workload.headers,
          body: workload.body,
        },
        connections: o.connections,
        warmupSeconds: 2,
        durationSeconds: o.pauseSeconds + o.afterResumeSeconds,
        timeoutSeconds: 30,
      },
      () => {
        pause();
        resumeTimer = setTimeout(() => {
          resume();
          readyAfterResume = waitReady(ingestor.ready, o.afterResumeSeconds * 1000 + 20_000);
        }, o.pauseSeconds * 1000);
      },
    );
    const readySeconds = await readyAfterResume;
    const stats = sampler.stop();
    await ingestor.stop();
    const records = await recordCount(ctx.admin, topic);
    const { warmup, measured } = run.result;
    const statusCounts: Record<string, number> = {};
    for (const c of [warmup.statusCounts, measured.statusCounts]) {
      for (const [k, v] of Object.entries(c)) statusCounts[k] = (statusCounts[k] ?? 0) + v;
    }
    const acceptedEvents = warmup.acceptedEvents + measured.acceptedEvents;
    const okAfterResume = measured.perSecond
      .filter((b) => b.second >= o.pauseSeconds)
      .reduce((sum, b) => sum + b.ok, 0);
    const result = {
      connections: o.connections,
      eventsPerRequest: o.eventsPerRequest,
      pausedSeconds: o.pauseSeconds,
      maxInflightBytes: MAX_INFLIGHT_BYTES,
      statusCounts,
      unavailableWithoutRetryAfter:
        warmup.unavailableWithoutRetryAfter + measured.unavailableWithoutRetryAfter,
      peakRssMb: stats.peakRssMb,
      rssLimitMb: MAX_INFLIGHT_BYTES / 1048576 + RSS_MARGIN_MB,
      readySecondsAfterResume: readySeconds,
      okAfterResume,
      acceptedEvents,
      recordsInKafka: records,
      unacknowledgedRecords: Math.max(0, records - acceptedEvents),
      perSecond: measured.perSecond,
    };
    return { ...result, passed: overloadPassed(result) };
  } finally {
    if (resumeTimer !== undefined) clearTimeout(resumeTimer);
    // Whatever happened, never leave the broker frozen.
    resume();
    sampler.stop();
    await ingestor.stop();
    await deleteTopics(ctx.admin, [topic, dlqTopic]);
  }
}
