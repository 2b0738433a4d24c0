// From raw measurements to the results file and the Markdown report. Pure: no I/O, no clock.
import { round } from "./stats.js";
import type { KafkaCeilingResult, LoadResult, ProcStats, SecondBucket } from "./types.js";

/** One measured row: an ingestor scenario or a ceiling. */
export interface Measurement {
  readonly id: string;
  readonly title: string;
  readonly kind: "ingestor" | "http-ceiling" | "kafka-ceiling";
  /** HTTP connections, or produce calls in flight for K. */
  readonly concurrency: number;
  readonly eventsPerRequest: number;
  readonly seconds: number;
  readonly requestsPerSec: number;
  readonly eventsPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly peakRssMb: number;
  readonly cpuPercent: number;
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

export interface LoadMeasurementInput {
  readonly id: string;
  readonly title: string;
  readonly kind: "ingestor" | "http-ceiling";
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
    concurrency: input.concurrency,
    eventsPerRequest: input.eventsPerRequest,
    seconds: round(measured.seconds, 2),
    requestsPerSec: round(measured.responses / seconds),
    eventsPerSec: round(measured.acceptedEvents / seconds),
    p50Ms: measured.latencyMs.p50,
    p99Ms: measured.latencyMs.p99,
    peakRssMb: input.server.peakRssMb,
    cpuPercent: input.server.cpuPercent,
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

/** The K ceiling as a row. */
export function fromKafkaCeiling(
  k: KafkaCeilingResult,
  options: {
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
    id: "K",
    title: `kafkajs alone, ${options.batchRecords}-record batches, acks=-1`,
    kind: "kafka-ceiling",
    concurrency: options.concurrency,
    eventsPerRequest: options.batchRecords,
    seconds: round(k.measuredSeconds, 2),
    requestsPerSec: round(k.batches / seconds),
    eventsPerSec: round(k.measuredRecords / seconds),
    p50Ms: k.p50BatchMs,
    p99Ms: k.p99BatchMs,
    peakRssMb: options.producer.peakRssMb,
    cpuPercent: options.producer.cpuPercent,
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

/** The four ratios the targets are set on, from rows keyed by id. */
export function computeRatios(rows: Readonly<Record<string, Measurement>>): Record<string, number | null> {
  const ratio = (a: string, b: string): number | null => {
    const x = rows[a]?.eventsPerSec;
    const y = rows[b]?.eventsPerSec;
    return x === undefined || y === undefined || y === 0 ? null : round(x / y, 2);
  };
  return {
    "S1/H": ratio("S1", "H(S1)"),
    "S4/H": ratio("S4", "H(S4)"),
    "S2/K": ratio("S2", "K"),
    "S3/K": ratio("S3", "K"),
  };
}

export interface TargetCheck {
  readonly name: string;
  readonly target: string;
  readonly value: string;
  /** null when the run did not measure it. */
  readonly met: boolean | null;
}

const RSS_TARGET_MB = 256;
const P99_TARGET_MS = 25;

/** Each issue target against this run's numbers. */
export function checkTargets(
  rows: Readonly<Record<string, Measurement>>,
  ratios: Readonly<Record<string, number | null>>,
  overload: OverloadMeasurement | null,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const [name, min] of [
    ["S1/H", 0.8],
    ["S4/H", 0.8],
    ["S2/K", 0.7],
    ["S3/K", 0.7],
  ] as const) {
    const v = ratios[name] ?? null;
    checks.push({
      name,
      target: `>= ${min}`,
      value: v === null ? "n/a" : v.toFixed(2),
      met: v === null ? null : v >= min,
    });
  }
  const half = rows["S1@50%"];
  const floor = rows["H(S1)@50%"];
  const floorNote = floor === undefined ? "" : ` (bare Hono at the same rate: ${floor.p99Ms} ms)`;
  checks.push({
    name: "p99 at half the S1 throughput",
    target: `<= ${P99_TARGET_MS} ms`,
    value: half === undefined ? "n/a" : `${half.p99Ms} ms${floorNote}`,
    met: half === undefined ? null : half.p99Ms <= P99_TARGET_MS,
  });
  // The overload scenario has its own memory bound (in-flight cap + margin), checked in its verdict.
  const peaks = Object.values(rows)
    .filter((r) => r.kind === "ingestor")
    .map((r) => r.peakRssMb);
  const peak = peaks.length === 0 ? null : Math.max(...peaks);
  checks.push({
    name: "peak RSS, every scenario (S1-S4, S1@50%)",
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
