// Overload: 10x the S1 connections sending large batches while the broker is frozen (SIGSTOP); then the
// broker is thawed and plain S1 traffic checks the recovery. Expected: 503 + Retry-After instead of
// growing memory, RSS bounded by the in-flight cap plus a margin, readiness and 2xx back soon after the
// resume, and no acknowledged event missing from Kafka.
import { runLoad } from "./load.js";
import { ProcSampler } from "./proc-stats.js";
import { POD_MAX_INFLIGHT_BYTES } from "./ingestor.js";
import { mergeCounts, overloadPassed, RSS_TARGET_MB, type OverloadMeasurement } from "./report.js";
import { ingestorOnFreshTopics, type RunContext } from "./runs.js";
import { jsonArray, singleJson } from "./scenarios.js";
import { round } from "./stats.js";
import type { HttpTarget } from "./types.js";

/**
 * The overload bound is the pod's: the memory limit the bench imitates (RSS_TARGET_MB). The in-flight budget
 * is what k8s-app gives that pod (POD_MAX_INFLIGHT_BYTES). The earlier bound, budget + a 160 MB margin, was
 * a guess at the costs beyond the budget; what an operator has to hold is the limit the kernel enforces.
 */
const MAX_INFLIGHT_BYTES = POD_MAX_INFLIGHT_BYTES;

export interface OverloadOptions {
  readonly connections: number;
  /** Events per request: large enough that 10x connections overrun the in-flight cap. */
  readonly eventsPerRequest: number;
  readonly pauseSeconds: number;
  /** S1 traffic after the resume, to see the recovery. */
  readonly recoverySeconds: number;
  readonly recoveryConnections: number;
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
export async function runOverload(
  ctx: RunContext,
  o: OverloadOptions & { readonly client: string },
): Promise<OverloadMeasurement | null> {
  const { pause, resume } = ctx.broker;
  if (pause === undefined || resume === undefined) {
    ctx.progress("overload: skipped (the broker is not local, it cannot be paused)");
    return null;
  }
  const heavy = jsonArray(o.eventsPerRequest);
  const s1 = singleJson();
  const { topic, dlqTopic, ingestor } = await ingestorOnFreshTopics(ctx, "overload", o.client, {
    MAX_INFLIGHT_BYTES: String(MAX_INFLIGHT_BYTES),
  });
  const sampler = new ProcSampler(ingestor.pid, 100);
  const target = (body: string, headers: Readonly<Record<string, string>>): HttpTarget => ({
    url: `${ingestor.url}/events`,
    method: "POST",
    headers,
    body,
  });
  try {
    ctx.progress(
      `overload: KAFKA_CLIENT=${o.client}, ${o.connections} connections, ${heavy.title}, broker paused ${o.pauseSeconds} s`,
    );
    pause();
    const overload = await runLoad({
      target: target(heavy.body, heavy.headers),
      connections: o.connections,
      warmupSeconds: 0,
      durationSeconds: o.pauseSeconds,
      timeoutSeconds: 30,
    });
    resume();
    const ready = waitReady(ingestor.ready, 60_000);
    ctx.progress(`overload: broker resumed; ${s1.title} at ${o.recoveryConnections} connections`);
    const recovery = await runLoad({
      target: target(s1.body, s1.headers),
      connections: o.recoveryConnections,
      warmupSeconds: 0,
      durationSeconds: o.recoverySeconds,
      timeoutSeconds: 30,
    });
    const readySeconds = await ready;
    const stats = sampler.stop();
    await ingestor.stop();
    const records = await ctx.topics.count(topic);
    const paused = overload.result.measured;
    const after = recovery.result.measured;
    const acceptedEvents = paused.acceptedEvents + after.acceptedEvents;
    const result = {
      connections: o.connections,
      eventsPerRequest: o.eventsPerRequest,
      pausedSeconds: o.pauseSeconds,
      maxInflightBytes: MAX_INFLIGHT_BYTES,
      statusCounts: paused.statusCounts,
      unavailableWithoutRetryAfter: paused.unavailableWithoutRetryAfter + after.unavailableWithoutRetryAfter,
      p50Ms: paused.latencyMs.p50,
      p99Ms: paused.latencyMs.p99,
      peakRssMb: stats.peakRssMb,
      rssLimitMb: RSS_TARGET_MB,
      readySecondsAfterResume: readySeconds,
      firstOkSecondsAfterResume: after.firstOkSeconds === null ? null : round(after.firstOkSeconds, 2),
      recoveryStatusCounts: mergeCounts(after.statusCounts),
      acceptedEvents,
      recordsInKafka: records,
      unacknowledgedRecords: Math.max(0, records - acceptedEvents),
      perSecond: paused.perSecond,
    };
    return { ...result, passed: overloadPassed(result) };
  } finally {
    // Whatever happened, never leave the broker frozen.
    resume();
    sampler.stop();
    await ingestor.stop();
    await ctx.topics.delete([topic, dlqTopic]);
  }
}
