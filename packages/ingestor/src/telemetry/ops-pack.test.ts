import { readFileSync } from "node:fs";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics.js";

/** The operations pack (dashboard and alert rules) lives at the repository root, beside the packages. */
const OPS = new URL("../../../../ops/", import.meta.url);
const DASHBOARD = new URL("grafana/dashboards/event-ingestor.json", OPS);
const ALERTS = new URL("prometheus/alerts.yml", OPS);

/** The names a query may use for each family: a histogram is read through its `_bucket`, `_sum`, `_count`. */
async function exportedSeriesNames(): Promise<Set<string>> {
  const registry = new Registry();
  createMetrics(registry, { defaultMetrics: true, eventLoops: { http: () => 0 } });
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) {
    names.add(m.name);
    // MetricType is a declared enum whose values are these strings.
    const type = String(m.type);
    if (type === "histogram" || type === "summary") {
      for (const suffix of ["_bucket", "_sum", "_count"]) names.add(m.name + suffix);
    }
  }
  return names;
}

/** Every name of the service's own namespaces (`ingestor_`, `process_`, `nodejs_`) a text refers to. */
function referencedMetrics(text: string): string[] {
  return [...new Set(text.match(/\b(?:ingestor|process|nodejs)_[a-z0-9_]+\b/g) ?? [])].sort();
}

interface Panel {
  readonly type: string;
  readonly title: string;
  readonly targets?: readonly { readonly expr: string }[];
}

function dashboardPanels(): Panel[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, "utf8")) as { panels: Panel[] };
  return dashboard.panels;
}

describe("operations pack", () => {
  it("the dashboard queries only metrics the ingestor's registry exports", async () => {
    const exported = await exportedSeriesNames();
    const exprs = dashboardPanels().flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const used = referencedMetrics(exprs.join("\n"));
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
    // The panels the issue asks for: rate, errors by code, latency, DLQ, Kafka errors, saturation, loop busy.
    for (const name of [
      "ingestor_events_total",
      "ingestor_http_requests_total",
      "ingestor_http_request_duration_seconds_bucket",
      "ingestor_http_errors_total",
      "ingestor_dlq_events_total",
      "ingestor_kafka_errors_total",
      "ingestor_inflight_bytes",
      "ingestor_event_loop_busy_seconds_total",
    ]) {
      expect(used).toContain(name);
    }
  });

  it("every dashboard panel but the rows has at least one query", () => {
    const empty = dashboardPanels().filter((p) => p.type !== "row" && (p.targets ?? []).length === 0);
    expect(empty.map((p) => p.title)).toEqual([]);
  });

  it("the alert rules name only metrics the ingestor's registry exports", async () => {
    const exported = await exportedSeriesNames();
    const used = referencedMetrics(readFileSync(ALERTS, "utf8"));
    expect(used.length).toBeGreaterThanOrEqual(8);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);
  });

  it("a name the registry does not export is caught (the check can fail)", async () => {
    const exported = await exportedSeriesNames();
    const used = referencedMetrics("rate(ingestor_events_totl[5m]) + nodejs_heap_size_used_bytes");
    expect(used.filter((name) => !exported.has(name))).toEqual(["ingestor_events_totl"]);
  });
});
