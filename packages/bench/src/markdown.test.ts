import { describe, expect, it } from "vitest";
import { renderMarkdown, type BenchResults } from "./markdown.js";
import type { Measurement } from "./report.js";

const s1: Measurement = {
  id: "S1",
  title: "1 JSON event / request",
  kind: "ingestor",
  concurrency: 64,
  eventsPerRequest: 1,
  seconds: 12,
  requestsPerSec: 5123,
  eventsPerSec: 5123,
  p50Ms: 11,
  p99Ms: 24,
  peakRssMb: 98.5,
  cpuPercent: 97,
  cpuUsPerEvent: 189.3,
  loaderCpuPercent: 60,
  brokerCpuPercent: 30,
  acceptedEvents: 70_000,
  recordsInKafka: 70_000,
  dlqRecords: 0,
  lossless: true,
  statusCounts: { "202": 70_000 },
  errors: 0,
  timeouts: 0,
};

const results: BenchResults = {
  date: "2026-11-27T00:00:00.000Z",
  machine: {
    cores: 2,
    cpuModel: "Xeon",
    memoryGb: 24,
    os: "Linux",
    node: "v20.20.2",
    kafka: "4.1.1",
    loadAverage: { before: 0.5, after: 1.5 },
  },
  config: { warmupSeconds: 3, durationSeconds: 12 },
  clients: ["kafkajs"],
  scenarios: { S1: s1 },
  ratios: { "S1[kafkajs]/H_node(S1)": 0.62, "S2[kafkajs]/K_java": null },
  lossless: true,
  targets: [{ name: "S1[kafkajs]/H_node(S1)", target: ">= 0.5", value: "n/a", met: null }],
  sanity: [{ name: "H_node(S1) > H_hono(S1)", target: "events/s", value: "9,000 vs 9,500", met: false }],
  skipped: { "K_client(librdkafka)": "unavailable: does not load" },
  overload: null,
};

describe("renderMarkdown", () => {
  it("prints the machine, a row per run and the targets", () => {
    const md = renderMarkdown(results);
    expect(md).toContain("2 cores (Xeon)");
    expect(md).toContain("Apache Kafka 4.1.1");
    expect(md).toContain(
      "| S1 | 1 JSON event / request | 64 | 5,123 | 5,123 | 11 | 24 | 98.5 | 97 | 189.3 | 60 | 30 | – | 70,000 | 70,000 | yes |",
    );
    expect(md).toContain("| S1[kafkajs]/H_node(S1) | >= 0.5 | n/a | not measured |");
    expect(md).toContain("| S1[kafkajs]/H_node(S1) | 0.62 |");
    expect(md).not.toContain("S2[kafkajs]/K_java |");
  });

  it("flags a ceiling that is no ceiling, and names skipped runs", () => {
    const md = renderMarkdown(results);
    expect(md).toContain("| H_node(S1) > H_hono(S1) | events/s | 9,000 vs 9,500 | **FAILED** |");
    expect(md).toContain("- skipped K_client(librdkafka): unavailable: does not load");
  });

  it("shows CPU per event by thread where measured", () => {
    const md = renderMarkdown({
      ...results,
      scenarios: { S1: { ...s1, threadCpuUsPerEvent: { main: 120.5, "kafka-producer": 40 } } },
    });
    expect(md).toContain("| S1 | 189.3 | main 120.5, kafka-producer 40 |");
    expect(md).not.toContain("Overload");
  });

  it("shows how busy the HTTP and the Kafka producer threads were, where measured", () => {
    const md = renderMarkdown({
      ...results,
      scenarios: { S1: { ...s1, loopBusyPercent: { http: 81, "kafka-producer": 23 } } },
    });
    expect(md).toContain("| Loop busy % HTTP / Kafka |");
    expect(md).toContain("| 30 | 81 / 23 | 70,000 |");
  });

  it("flags a run that lost events", () => {
    const md = renderMarkdown({
      ...results,
      scenarios: { S1: { ...s1, recordsInKafka: 69_999, lossless: false } },
    });
    expect(md).toContain("| **NO** |");
  });
});
