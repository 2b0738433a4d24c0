import { describe, expect, it } from "vitest";
import {
  checkTargets,
  computeRatios,
  fromKafkaCeiling,
  fromLoad,
  isLossless,
  overloadPassed,
  type Measurement,
  type OverloadMeasurement,
} from "./report.js";
import type { LoadResult, PhaseResult } from "./types.js";

function phase(p: Partial<PhaseResult>): PhaseResult {
  return {
    seconds: 10,
    requestsSent: 0,
    responses: 0,
    statusCounts: {},
    acceptedEvents: 0,
    unavailableWithoutRetryAfter: 0,
    firstOkSeconds: 0.1,
    errors: 0,
    timeouts: 0,
    latencyMs: { p50: 1, p90: 2, p99: 3, max: 4 },
    perSecond: [],
    ...p,
  };
}

const stats = { peakRssMb: 100, cpuPercent: 90 };

function row(id: string, eventsPerSec: number, extra: Partial<Measurement> = {}): Measurement {
  return {
    id,
    title: id,
    kind: id.startsWith("S") ? "ingestor" : id === "K" ? "kafka-ceiling" : "http-ceiling",
    concurrency: 64,
    eventsPerRequest: 1,
    seconds: 10,
    requestsPerSec: eventsPerSec,
    eventsPerSec,
    p50Ms: 2,
    p99Ms: 10,
    peakRssMb: 120,
    cpuPercent: 95,
    loaderCpuPercent: 50,
    brokerCpuPercent: 20,
    acceptedEvents: 1000,
    recordsInKafka: id.startsWith("S") ? 1000 : null,
    dlqRecords: 0,
    lossless: id.startsWith("S") ? true : null,
    statusCounts: {},
    errors: 0,
    timeouts: 0,
    ...extra,
  };
}

describe("fromLoad", () => {
  const load: LoadResult = {
    warmup: phase({ acceptedEvents: 300, responses: 3, statusCounts: { "202": 3 } }),
    measured: phase({ seconds: 4, acceptedEvents: 4000, responses: 40, statusCounts: { "202": 40 } }),
  };

  it("rates the measured phase and counts acceptance over both phases", () => {
    const m = fromLoad({
      id: "S2",
      title: "t",
      kind: "ingestor",
      concurrency: 64,
      eventsPerRequest: 100,
      load,
      server: stats,
      loader: stats,
      broker: null,
      recordsInKafka: 4300,
      dlqRecords: 0,
    });
    expect(m.eventsPerSec).toBe(1000);
    expect(m.requestsPerSec).toBe(10);
    expect(m.acceptedEvents).toBe(4300);
    expect(m.lossless).toBe(true);
    expect(m.statusCounts).toEqual({ "202": 43 });
  });

  it("is not lossless when Kafka holds fewer or more records than were accepted", () => {
    const base = {
      id: "S1",
      title: "t",
      kind: "ingestor" as const,
      concurrency: 64,
      eventsPerRequest: 1,
      load,
    };
    const common = { ...base, server: stats, loader: stats, broker: null, dlqRecords: 0 };
    expect(fromLoad({ ...common, recordsInKafka: 4299 }).lossless).toBe(false);
    expect(fromLoad({ ...common, recordsInKafka: 4301 }).lossless).toBe(false);
    expect(fromLoad({ ...common, recordsInKafka: null }).lossless).toBeNull();
  });
});

describe("fromKafkaCeiling", () => {
  it("rates acked records over the measured seconds and checks them against offsets", () => {
    const k = {
      warmupRecords: 500,
      measuredRecords: 20_000,
      measuredSeconds: 2,
      batches: 40,
      p50BatchMs: 5,
      p99BatchMs: 9,
    };
    const m = fromKafkaCeiling(k, {
      concurrency: 4,
      batchRecords: 500,
      producer: stats,
      broker: null,
      records: 20_500,
    });
    expect(m.eventsPerSec).toBe(10_000);
    expect(m.requestsPerSec).toBe(20);
    expect(m.lossless).toBe(true);
    expect(
      fromKafkaCeiling(k, { concurrency: 4, batchRecords: 500, producer: stats, broker: null, records: 1 })
        .lossless,
    ).toBe(false);
  });
});

describe("computeRatios", () => {
  it("divides each scenario by its own ceiling", () => {
    const rows = {
      S1: row("S1", 800),
      "H(S1)": row("H(S1)", 1000),
      S4: row("S4", 450),
      "H(S4)": row("H(S4)", 900),
      S2: row("S2", 70_000),
      S3: row("S3", 35_000),
      K: row("K", 100_000),
    };
    expect(computeRatios(rows)).toEqual({ "S1/H": 0.8, "S4/H": 0.5, "S2/K": 0.7, "S3/K": 0.35 });
  });

  it("gives null for a ratio whose runs are missing", () => {
    expect(computeRatios({ S1: row("S1", 800) })).toEqual({
      "S1/H": null,
      "S4/H": null,
      "S2/K": null,
      "S3/K": null,
    });
  });
});

const overload: Omit<OverloadMeasurement, "passed"> = {
  connections: 640,
  eventsPerRequest: 1000,
  pausedSeconds: 12,
  maxInflightBytes: 64 * 1048576,
  statusCounts: { "202": 10, "503": 500 },
  unavailableWithoutRetryAfter: 0,
  p50Ms: 3,
  p99Ms: 10_000,
  peakRssMb: 150,
  rssLimitMb: 192,
  readySecondsAfterResume: 1.5,
  firstOkSecondsAfterResume: 0.2,
  recoveryStatusCounts: { "202": 5000 },
  acceptedEvents: 30_000,
  recordsInKafka: 31_000,
  unacknowledgedRecords: 1000,
  perSecond: [],
};

describe("overloadPassed", () => {
  it("passes with 503s carrying Retry-After, bounded RSS, recovery and nothing acknowledged lost", () => {
    expect(overloadPassed(overload)).toBe(true);
  });

  it.each([
    ["no 503 at all", { statusCounts: { "202": 10 } }],
    ["a 503 without Retry-After", { unavailableWithoutRetryAfter: 1 }],
    ["RSS over the limit", { peakRssMb: 193 }],
    ["never ready again", { readySecondsAfterResume: null }],
    ["no 2xx after resume", { firstOkSecondsAfterResume: null }],
    ["an acknowledged event missing", { recordsInKafka: 29_999 }],
  ])("fails with %s", (_name, change) => {
    expect(overloadPassed({ ...overload, ...change })).toBe(false);
  });
});

describe("checkTargets", () => {
  const rows = {
    S1: row("S1", 800),
    "H(S1)": row("H(S1)", 1000),
    "S1@50%": row("S1@50%", 400, { p99Ms: 30 }),
    S2: row("S2", 80_000, { peakRssMb: 300 }),
  };

  it("marks each target met, missed or not measured", () => {
    const checks = checkTargets(rows, computeRatios(rows), null);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName["S1/H"]).toMatchObject({ value: "0.80", met: true });
    expect(byName["S2/K"]).toMatchObject({ value: "n/a", met: null });
    expect(byName["p99 at half the S1 throughput"]).toMatchObject({ value: "30 ms", met: false });
    expect(byName["peak RSS, every scenario (S1-S4, S1@50%)"]).toMatchObject({ value: "300 MB", met: false });
    expect(byName["accepted == records in Kafka"]?.met).toBe(true);
  });

  it("shows the bare handler's p99 at the same paced rate next to the ingestor's", () => {
    const withFloor = { ...rows, "H(S1)@50%": row("H(S1)@50%", 400, { p99Ms: 21, kind: "http-ceiling" }) };
    const checks = checkTargets(withFloor, computeRatios(withFloor), null);
    expect(checks.find((c) => c.name === "p99 at half the S1 throughput")).toMatchObject({
      value: "30 ms (bare Hono at the same rate: 21 ms)",
      met: false,
    });
  });

  it("adds the overload verdict when the overload ran", () => {
    const checks = checkTargets(rows, computeRatios(rows), { ...overload, passed: false });
    expect(checks.at(-1)).toMatchObject({ value: "fail", met: false });
  });
});

describe("isLossless", () => {
  it("holds only if every ingestor run matched Kafka and overload lost nothing acknowledged", () => {
    expect(isLossless({ S1: row("S1", 1) }, { ...overload, passed: true })).toBe(true);
    expect(isLossless({ S1: row("S1", 1, { lossless: false }) }, null)).toBe(false);
    expect(isLossless({ S1: row("S1", 1) }, { ...overload, recordsInKafka: 1, passed: false })).toBe(false);
  });
});
