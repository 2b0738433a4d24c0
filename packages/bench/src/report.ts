// From raw measurements to the results file and the Markdown report. Pure: no I/O, no clock.
import { httpCeilingId, httpFloorId, K_JAVA, kClientId, scenarioId } from "./ids.js";
import { round } from "./stats.js";
import type { KafkaCeilingResult, LoadResult, ProcStats, SecondBucket } from "./types.js";

/** One measured row: an ingestor scenario or a ceiling. */
export interface Measurement {
  readonly id: string;
  readonly title: string;
  readonly kind: "ingestor" | "http-ceiling" | "kafka-ceiling";
  /** The Kafka client of an ingestor run or a K_client ceiling (the ingestor's KAFKA_CLIENT). */
  readonly client?: string;
  /** HTTP connections, or produce calls in flight for K. */
  readonly concurrency: number;
  readonly eventsPerRequest: number;
  readonly seconds: number;
  readonly requestsPerSec: number;
  readonly eventsPerSec: number;
  /** null where the run has no per-request latency (K_java: its rate comes from the broker's offsets). */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
  readonly peakRssMb: number;
  readonly cpuPercent: number;
  /** CPU time of the server (or client) process over the measured phase / events of that phase, µs. */
  readonly cpuUsPerEvent: number | null;
  /** The same per thread group (main, kafka-producer, V8 helpers, librdkafka, ...), where /proc has them. */
  readonly threadCpuUsPerEvent?: Readonly<Record<string, number>>;
  readonly loaderCpuPercent: number | null;
  readonly brokerCpuPercent: number | null;
  /** Events acknowledged over warm-up and measured phase (2xx `accepted`, or acked records for K). */
  readonly acceptedEvents: number;
  /** Records in the fresh topic afterwards; null where nothing is written (H). */
  readonly recordsInKafka: number | null;
  readonly dlqRecords: number | null;
  /** recordsInKafka === acceptedEvents; null where nothing is written. */
  readonly lossless: boolean | null;
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  /** Ingestor runs: percent of the measured phase each thread's event loop was busy (loop-busy.ts). */
  readonly loopBusyPercent?: Readonly<Record<string, number>>;
}

/** CPU µs per event, overall and per thread group; null without events. */
export function cpuPerEvent(
  stats: ProcStats,
  events: number,
): { cpuUsPerEvent: number | null; threadCpuUsPerEvent?: Record<string, number> } {
  if (events <= 0) return { cpuUsPerEvent: null };
  const per = (seconds: number) => round((seconds * 1e6) / events, 1);
  const threads = Object.entries(stats.threadCpuSeconds)
    .filter(([, seconds]) => seconds > 0)
    .sort(([, a], [, b]) => b - a);
  return {
    cpuUsPerEvent: per(stats.cpuSeconds),
    ...(threads.length === 0
      ? {}
      : { threadCpuUsPerEvent: Object.fromEntries(threads.map(([name, seconds]) => [name, per(seconds)])) }),
  };
}

export interface LoadMeasurementInput {
  readonly id: string;
  readonly title: string;
  readonly kind: "ingestor" | "http-ceiling";
  readonly client?: string;
  readonly concurrency: number;
  readonly eventsPerRequest: number;
  readonly load: LoadResult;
  readonly server: ProcStats;
  readonly loader: ProcStats;
  readonly broker: ProcStats | null;
  readonly recordsInKafka: number | null;
  readonly dlqRecords: number | null;
  readonly loopBusyPercent?: Readonly<Record<string, number>> | undefined;
}

/** A load run as a row: rates over the measured phase, acceptance over both phases. */
export function fromLoad(input: LoadMeasurementInput): Measurement {
  const { measured, warmup } = input.load;
  const seconds = measured.seconds > 0 ? measured.seconds : 1;
  const acceptedEvents = warmup.acceptedEvents + measured.acceptedEvents;
  return {
    id: input.id,
    title: input.title,
    kind: input.kind,
    ...(input.client === undefined ? {} : { client: input.client }),
    concurrency: input.concurrency,
    eventsPerRequest: input.eventsPerRequest,
    seconds: round(measured.seconds, 2),
    requestsPerSec: round(measured.responses / seconds),
    eventsPerSec: round(measured.acceptedEvents / seconds),
    p50Ms: measured.latencyMs.p50,
    p99Ms: measured.latencyMs.p99,
    peakRssMb: input.server.peakRssMb,
    cpuPercent: input.server.cpuPercent,
    ...cpuPerEvent(input.server, measured.acceptedEvents),
    loaderCpuPercent: input.loader.cpuPercent,
    brokerCpuPercent: input.broker?.cpuPercent ?? null,
    acceptedEvents,
    recordsInKafka: input.recordsInKafka,
    dlqRecords: input.dlqRecords,
    lossless: input.recordsInKafka === null ? null : input.recordsInKafka === acceptedEvents,
    statusCounts: mergeCounts(warmup.statusCounts, measured.statusCounts),
    errors: warmup.errors + measured.errors,
    timeouts: warmup.timeouts + measured.timeouts,
    ...(input.loopBusyPercent === undefined ? {} : { loopBusyPercent: input.loopBusyPercent }),
  };
}

export function mergeCounts(...counts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** A K_client ceiling as a row. */
export function fromKafkaCeiling(
  k: KafkaCeilingResult,
  options: {
    client: string;
    title: string;
    concurrency: number;
    batchRecords: number;
    producer: ProcStats;
    broker: ProcStats | null;
    records: number;
  },
): Measurement {
  const seconds = k.measuredSeconds > 0 ? k.measuredSeconds : 1;
  const acked = k.warmupRecords + k.measuredRecords;
  return {
    id: kClientId(options.client),
    title: options.title,
    kind: "kafka-ceiling",
    client: options.client,
    concurrency: options.concurrency,
    eventsPerRequest: options.batchRecords,
    seconds: round(k.measuredSeconds, 2),
    requestsPerSec: round(k.batches / seconds),
    eventsPerSec: round(k.measuredRecords / seconds),
    p50Ms: k.p50BatchMs,
    p99Ms: k.p99BatchMs,
    peakRssMb: options.producer.peakRssMb,
    cpuPercent: options.producer.cpuPercent,
    ...cpuPerEvent(options.producer, k.measuredRecords),
    loaderCpuPercent: null,
    brokerCpuPercent: options.broker?.cpuPercent ?? null,
    acceptedEvents: acked,
    recordsInKafka: options.records,
    dlqRecords: null,
    lossless: options.records === acked,
    statusCounts: {},
    errors: 0,
    timeouts: 0,
  };
}

/** What the K_java run saw: the broker's high watermarks at the start and end of the measured phase. */
export interface JavaCeilingInput {
  readonly title: string;
  /** Records the broker acknowledged during the measured phase (high watermark sums, end minus start). */
  readonly measuredRecords: number;
  readonly measuredSeconds: number;
  /** Records in the topic after the run. */
  readonly recordsInKafka: number;
  readonly recordBytes: number;
  readonly producer: ProcStats;
  readonly broker: ProcStats | null;
}

/**
 * K_java as a row. Its rate is the broker's own count (acks=all on one broker: the high watermark is what
 * was acknowledged); ProducerPerformance is stopped at the deadline, so there is no per-record latency or
 * exact acknowledged total to compare with Kafka (lossless: null).
 */
export function fromJavaCeiling(k: JavaCeilingInput): Measurement {
  const seconds = k.measuredSeconds > 0 ? k.measuredSeconds : 1;
  return {
    id: K_JAVA,
    title: k.title,
    kind: "kafka-ceiling",
    concurrency: 1,
    eventsPerRequest: 1,
    seconds: round(k.measuredSeconds, 2),
    requestsPerSec: round(k.measuredRecords / seconds),
    eventsPerSec: round(k.measuredRecords / seconds),
    p50Ms: null,
    p99Ms: null,
    peakRssMb: k.producer.peakRssMb,
    cpuPercent: k.producer.cpuPercent,
    ...cpuPerEvent(k.producer, k.measuredRecords),
    loaderCpuPercent: null,
    brokerCpuPercent: k.broker?.cpuPercent ?? null,
    acceptedEvents: k.recordsInKafka,
    recordsInKafka: k.recordsInKafka,
    dlqRecords: null,
    lossless: null,
    statusCounts: {},
    errors: 0,
    timeouts: 0,
  };
}

/**
 * The overload scenario: 10x connections of large batches while the broker is frozen, then the broker
 * resumes and S1 traffic checks that the service recovers.
 */
export interface OverloadMeasurement {
  readonly connections: number;
  readonly eventsPerRequest: number;
  readonly pausedSeconds: number;
  readonly maxInflightBytes: number;
  /** Responses while the broker was frozen. */
  readonly statusCounts: Readonly<Record<string, number>>;
  readonly unavailableWithoutRetryAfter: number;
  /** p50/p99 of those responses: how fast the service says no. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMb: number;
  readonly rssLimitMb: number;
  /** Seconds from resume until /readyz answered 200 again; null if it never did. */
  readonly readySecondsAfterResume: number | null;
  /** Seconds from resume until the first 2xx of the recovery traffic; null if none came. */
  readonly firstOkSecondsAfterResume: number | null;
  readonly recoveryStatusCounts: Readonly<Record<string, number>>;
  readonly acceptedEvents: number;
  readonly recordsInKafka: number;
  /** Records written for requests that were answered 503 (timed out while the broker was frozen). */
  readonly unacknowledgedRecords: number;
  readonly perSecond: readonly SecondBucket[];
  readonly passed: boolean;
}

/** A ratio: a scenario of one client divided by a ceiling; `target` when the issue sets one. */
interface RatioSpec {
  readonly scenario: string;
  readonly ceiling: string;
  readonly target?: number;
}

/** Targets on the ratios (issue 11): single events against H_node, batches against K_java. */
export const RATIO_TARGETS = { H_node: 0.5, K_java: 0.3 } as const;

function ratioSpecs(client: string): RatioSpec[] {
  return [
    {
      scenario: scenarioId("S1", client),
      ceiling: httpCeilingId("H_node", "S1"),
      target: RATIO_TARGETS.H_node,
    },
    {
      scenario: scenarioId("S4", client),
      ceiling: httpCeilingId("H_node", "S4"),
      target: RATIO_TARGETS.H_node,
    },
    { scenario: scenarioId("S2", client), ceiling: K_JAVA, target: RATIO_TARGETS.K_java },
    { scenario: scenarioId("S3", client), ceiling: K_JAVA, target: RATIO_TARGETS.K_java },
    // Not targets: what the framework and the client alone leave to the service.
    { scenario: scenarioId("S1", client), ceiling: httpCeilingId("H_hono", "S1") },
    { scenario: scenarioId("S4", client), ceiling: httpCeilingId("H_hono", "S4") },
    { scenario: scenarioId("S2", client), ceiling: kClientId(client) },
    { scenario: scenarioId("S3", client), ceiling: kClientId(client) },
  ];
}

export const ratioName = (r: { scenario: string; ceiling: string }): string => `${r.scenario}/${r.ceiling}`;

/** Every ratio for each client (null where a run is missing), keyed `S1[kafkajs]/H_node(S1)`. */
export function computeRatios(
  rows: Readonly<Record<string, Measurement>>,
  clients: readonly string[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const spec of clients.flatMap(ratioSpecs)) {
    const x = rows[spec.scenario]?.eventsPerSec;
    const y = rows[spec.ceiling]?.eventsPerSec;
    out[ratioName(spec)] = x === undefined || y === undefined || y === 0 ? null : round(x / y, 2);
  }
  return out;
}

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  /** null when the run did not measure it. */
  readonly met: boolean | null;
}

export const RSS_TARGET_MB = 256;
export const P99_TARGET_MS = 10;

/** Each issue target against this run's numbers, per client. */
export function checkTargets(
  rows: Readonly<Record<string, Measurement>>,
  ratios: Readonly<Record<string, number | null>>,
  overload: OverloadMeasurement | null,
  clients: readonly string[],
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const client of clients) {
    for (const spec of ratioSpecs(client)) {
      if (spec.target === undefined) continue;
      const v = ratios[ratioName(spec)] ?? null;
      checks.push({
        name: ratioName(spec),
        target: `>= ${spec.target}`,
        value: v === null ? "n/a" : v.toFixed(2),
        met: v === null ? null : v >= spec.target,
      });
    }
  }
  for (const client of clients) {
    const half = rows[scenarioId("S1@50%", client)];
    const floor = rows[httpFloorId(client)];
    const floorNote = floor?.p99Ms == null ? "" : ` (bare node:http at the same rate: ${floor.p99Ms} ms)`;
    const p99 = half?.p99Ms ?? null;
    checks.push({
      name: `p99 of S1[${client}] at half its rate`,
      target: `<= ${P99_TARGET_MS} ms`,
      value: p99 === null ? "n/a" : `${p99} ms${floorNote}`,
      met: p99 === null ? null : p99 <= P99_TARGET_MS,
    });
  }
  // The overload scenario has its own memory bound (in-flight cap + margin), checked in its verdict.
  const peaks = Object.values(rows)
    .filter((r) => r.kind === "ingestor")
    .map((r) => r.peakRssMb);
  const peak = peaks.length === 0 ? null : Math.max(...peaks);
  checks.push({
    name: "peak RSS, every ingestor run (S1-S4, S1@50%)",
    target: `<= ${RSS_TARGET_MB} MB`,
    value: peak === null ? "n/a" : `${peak} MB`,
    met: peak === null ? null : peak <= RSS_TARGET_MB,
  });
  const lossless = isLossless(rows, overload);
  checks.push({
    name: "accepted == records in Kafka",
    target: "always",
    value: String(lossless),
    met: lossless,
  });
  if (overload !== null) {
    checks.push({
      name: "overload: 503 + Retry-After, bounded RSS, recovery",
      target: "pass",
      value: overload.passed ? "pass" : "fail",
      met: overload.passed,
    });
  }
  return checks;
}

/** `a` faster than `b` (events/s), as a check; not measured when either is missing. */
function faster(
  rows: Readonly<Record<string, Measurement>>,
  a: string,
  b: string,
  strict: boolean,
): TargetCheck {
  const x = rows[a]?.eventsPerSec;
  const y = rows[b]?.eventsPerSec;
  const fmt = (v: number) => v.toLocaleString("en-US");
  return {
    name: `${a} ${strict ? ">" : ">="} ${b}`,
    target: "events/s",
    value: x === undefined || y === undefined ? "n/a" : `${fmt(x)} vs ${fmt(y)}`,
    met: x === undefined || y === undefined ? null : strict ? x > y : x >= y,
  };
}

/**
 * Is each ceiling a ceiling? node:http bounds every HTTP server on it (H_node > H_hono), the broker bounds
 * every client (K_java > each K_client), and a ceiling is above what it bounds (H_node >= S1/S4, K_java >=
 * S2/S3). A failed check means a ratio against that ceiling says nothing: the ceiling measured something
 * else (our own client, a slowed-down server, a noisy moment).
 */
export function sanityChecks(
  rows: Readonly<Record<string, Measurement>>,
  clients: readonly string[],
): TargetCheck[] {
  const kClients = Object.values(rows)
    .filter((r) => r.kind === "kafka-ceiling" && r.id !== K_JAVA)
    .map((r) => r.id);
  return [
    faster(rows, httpCeilingId("H_node", "S1"), httpCeilingId("H_hono", "S1"), true),
    faster(rows, httpCeilingId("H_node", "S4"), httpCeilingId("H_hono", "S4"), true),
    ...kClients.map((k) => faster(rows, K_JAVA, k, true)),
    ...clients.flatMap((c) => [
      faster(rows, httpCeilingId("H_node", "S1"), scenarioId("S1", c), false),
      faster(rows, httpCeilingId("H_node", "S4"), scenarioId("S4", c), false),
      faster(rows, K_JAVA, scenarioId("S2", c), false),
      faster(rows, K_JAVA, scenarioId("S3", c), false),
    ]),
  ];
}

/** No ingestor scenario lost or invented an event; under overload nothing acknowledged went missing. */
export function isLossless(
  rows: Readonly<Record<string, Measurement>>,
  overload: OverloadMeasurement | null,
): boolean {
  const scenarios = Object.values(rows).filter((r) => r.kind === "ingestor");
  return (
    scenarios.every((r) => r.lossless === true) &&
    (overload === null || overload.recordsInKafka >= overload.acceptedEvents)
  );
}

/** Did the overload scenario behave as promised? */
export function overloadPassed(o: Omit<OverloadMeasurement, "passed">): boolean {
  const unavailable = o.statusCounts["503"] ?? 0;
  return (
    unavailable > 0 &&
    o.unavailableWithoutRetryAfter === 0 &&
    o.peakRssMb <= o.rssLimitMb &&
    o.readySecondsAfterResume !== null &&
    o.firstOkSecondsAfterResume !== null &&
    o.recordsInKafka >= o.acceptedEvents
  );
}
