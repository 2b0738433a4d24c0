import { describe, expect, it } from "vitest";
import {
  checkTargets,
  computeRatios,
  cpuPerEvent,
  fromJavaCeiling,
  fromKafkaCeiling,
  fromLoad,
  isLossless,
  overloadPassed,
  sanityChecks,
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

const stats = {
  peakRssMb: 100,
  cpuPercent: 90,
  cpuSeconds: 2,
  threadCpuSeconds: { main: 1.5, "V8 helpers": 0.5 },
};

function row(id: string, eventsPerSec: number, extra: Partial<Measurement> = {}): Measurement {
  return {
    id,
    title: id,
    kind: id.startsWith("S") ? "ingestor" : id.startsWith("K") ? "kafka-ceiling" : "http-ceiling",
    concurrency: 64,
    eventsPerRequest: 1,
    seconds: 10,
    requestsPerSec: eventsPerSec,
    eventsPerSec,
    p50Ms: 2,
    p99Ms: 10,
    peakRssMb: 120,
    cpuPercent: 95,
    cpuUsPerEvent: 100,
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
    // 2 CPU seconds over the 4,000 events of the measured phase.
    expect(m.cpuUsPerEvent).toBe(500);
    expect(m.threadCpuUsPerEvent).toEqual({ main: 375, "V8 helpers": 125 });
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
      client: "kafkajs",
      title: "kafkajs alone",
      concurrency: 4,
      batchRecords: 500,
      producer: stats,
      broker: null,
      records: 20_500,
    });
    expect(m.id).toBe("K_client(kafkajs)");
    expect(m.eventsPerSec).toBe(10_000);
    expect(m.requestsPerSec).toBe(20);
    expect(m.cpuUsPerEvent).toBe(100);
    expect(m.lossless).toBe(true);
    expect(
      fromKafkaCeiling(k, {
        client: "kafkajs",
        title: "t",
        concurrency: 4,
        batchRecords: 500,
        producer: stats,
        broker: null,
        records: 1,
      }).lossless,
    ).toBe(false);
  });
});

describe("fromJavaCeiling", () => {
  it("rates the broker's acknowledged records over the measured seconds, with no latency of its own", () => {
    const m = fromJavaCeiling({
      title: "ProducerPerformance",
      measuredRecords: 600_000,
      measuredSeconds: 12,
      recordsInKafka: 900_000,
      recordBytes: 437,
      producer: stats,
      broker: null,
    });
    expect(m.id).toBe("K_java");
    expect(m.eventsPerSec).toBe(50_000);
    expect(m.p99Ms).toBeNull();
    expect(m.lossless).toBeNull();
    expect(m.cpuUsPerEvent).toBe(3.3);
  });
});

describe("cpuPerEvent", () => {
  it("is null without events", () => {
    expect(cpuPerEvent(stats, 0)).toEqual({ cpuUsPerEvent: null });
  });
});

describe("computeRatios", () => {
  const rows = {
    "S1[kafkajs]": row("S1[kafkajs]", 800),
    "H_node(S1)": row("H_node(S1)", 1600),
    "H_hono(S1)": row("H_hono(S1)", 1000),
    "S4[kafkajs]": row("S4[kafkajs]", 450),
    "H_node(S4)": row("H_node(S4)", 900),
    "S2[kafkajs]": row("S2[kafkajs]", 30_000),
    "S3[kafkajs]": row("S3[kafkajs]", 35_000),
    K_java: row("K_java", 100_000),
    "K_client(kafkajs)": row("K_client(kafkajs)", 50_000),
  };

  it("divides each client's scenario by the platform / broker limit, and by the framework / client alone", () => {
    const r = computeRatios(rows, ["kafkajs"]);
    expect(r["S1[kafkajs]/H_node(S1)"]).toBe(0.5);
    expect(r["S4[kafkajs]/H_node(S4)"]).toBe(0.5);
    expect(r["S2[kafkajs]/K_java"]).toBe(0.3);
    expect(r["S3[kafkajs]/K_java"]).toBe(0.35);
    expect(r["S1[kafkajs]/H_hono(S1)"]).toBe(0.8);
    expect(r["S2[kafkajs]/K_client(kafkajs)"]).toBe(0.6);
    expect(r["S4[kafkajs]/H_hono(S4)"]).toBeNull();
  });

  it("gives null for every ratio of a client that did not run", () => {
    const r = computeRatios(rows, ["librdkafka"]);
    expect(Object.values(r).every((v) => v === null)).toBe(true);
    expect(Object.keys(r)).toContain("S2[librdkafka]/K_java");
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
    "S1[kafkajs]": row("S1[kafkajs]", 800),
    "H_node(S1)": row("H_node(S1)", 1600),
    "S1@50%[kafkajs]": row("S1@50%[kafkajs]", 400, { p99Ms: 12 }),
    "S2[kafkajs]": row("S2[kafkajs]", 80_000, { peakRssMb: 300 }),
  };
  const clients = ["kafkajs"];

  it("marks each target met, missed or not measured", () => {
    const checks = checkTargets(rows, computeRatios(rows, clients), null, clients);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName["S1[kafkajs]/H_node(S1)"]).toMatchObject({ target: ">= 0.5", value: "0.50", met: true });
    expect(byName["S2[kafkajs]/K_java"]).toMatchObject({ target: ">= 0.3", value: "n/a", met: null });
    expect(byName["p99 of S1[kafkajs] at half its rate"]).toMatchObject({ value: "12 ms", met: false });
    expect(byName["peak RSS, every ingestor run (S1-S4, S1@50%)"]).toMatchObject({
      value: "300 MB",
      met: false,
    });
    expect(byName["accepted == records in Kafka"]?.met).toBe(true);
    // Ratios against H_hono and K_client are reported, not targets.
    expect(checks.some((c) => c.name.includes("H_hono") || c.name.includes("K_client"))).toBe(false);
  });

  it("shows bare node:http's p99 at the same paced rate next to the ingestor's", () => {
    const withFloor = {
      ...rows,
      "H_node(S1)@50%[kafkajs]": row("H_node(S1)@50%[kafkajs]", 400, { p99Ms: 4 }),
    };
    const checks = checkTargets(withFloor, computeRatios(withFloor, clients), null, clients);
    expect(checks.find((c) => c.name === "p99 of S1[kafkajs] at half its rate")).toMatchObject({
      value: "12 ms (bare node:http at the same rate: 4 ms)",
      met: false,
    });
  });

  it("adds the overload verdict when the overload ran", () => {
    const checks = checkTargets(rows, computeRatios(rows, clients), { ...overload, passed: false }, clients);
    expect(checks.at(-1)).toMatchObject({ value: "fail", met: false });
  });
});

describe("sanityChecks", () => {
  const good = {
    "H_node(S1)": row("H_node(S1)", 12_000),
    "H_hono(S1)": row("H_hono(S1)", 9_000),
    "S1[kafkajs]": row("S1[kafkajs]", 6_000),
    K_java: row("K_java", 150_000),
    "K_client(kafkajs)": row("K_client(kafkajs)", 30_000),
    "K_client(librdkafka)": row("K_client(librdkafka)", 90_000),
    "S2[kafkajs]": row("S2[kafkajs]", 20_000),
  };

  it("passes when node:http beats Hono, the broker beats every client and each ceiling bounds its scenario", () => {
    const checks = sanityChecks(good, ["kafkajs"]);
    const measured = checks.filter((c) => c.met !== null);
    expect(measured.map((c) => c.name)).toEqual([
      "H_node(S1) > H_hono(S1)",
      "K_java > K_client(kafkajs)",
      "K_java > K_client(librdkafka)",
      "H_node(S1) >= S1[kafkajs]",
      "K_java >= S2[kafkajs]",
    ]);
    expect(measured.every((c) => c.met === true)).toBe(true);
    expect(checks.find((c) => c.name === "H_node(S4) > H_hono(S4)")?.met).toBeNull();
  });

  it("fails a bare HTTP ceiling slower than bare node:http, and a broker ceiling that is only a client", () => {
    const checks = sanityChecks(
      { ...good, "H_hono(S1)": row("H_hono(S1)", 13_000), K_java: row("K_java", 60_000) },
      ["kafkajs"],
    );
    const failed = checks.filter((c) => c.met === false).map((c) => c.name);
    expect(failed).toEqual(["H_node(S1) > H_hono(S1)", "K_java > K_client(librdkafka)"]);
    expect(checks.find((c) => c.name === "H_node(S1) > H_hono(S1)")?.value).toBe("12,000 vs 13,000");
  });
});

describe("isLossless", () => {
  it("holds only if every ingestor run matched Kafka and overload lost nothing acknowledged", () => {
    expect(isLossless({ S1: row("S1", 1) }, { ...overload, passed: true })).toBe(true);
    expect(isLossless({ S1: row("S1", 1, { lossless: false }) }, null)).toBe(false);
    expect(isLossless({ S1: row("S1", 1) }, { ...overload, recordsInKafka: 1, passed: false })).toBe(false);
  });
});
