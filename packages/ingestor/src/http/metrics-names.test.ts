import { Gauge, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "../metrics.js";
import { createHarness } from "../testing/harness.js";

describe("metric names", () => {
  it("exports Node's default metrics under their standard names, the service's own with ingestor_", async () => {
    const h = await createHarness({ defaultMetrics: true });
    const text = await (await h.app.request("/metrics")).text();
    for (const name of [
      "process_cpu_user_seconds_total",
      "process_resident_memory_bytes",
      "process_start_time_seconds",
      "nodejs_heap_size_used_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_version_info",
    ]) {
      expect(text).toMatch(new RegExp(`^${name}[ {]`, "m"));
    }
    expect(text).not.toMatch(/^ingestor_(process|nodejs)_/m);
    const names = (await h.metrics.registry.getMetricsAsJSON()).map((m) => m.name);
    const own = names.filter((n) => !n.startsWith("process_") && !n.startsWith("nodejs_"));
    expect(own.length).toBeGreaterThan(5);
    expect(own.filter((n) => !n.startsWith("ingestor_"))).toEqual([]);
  });

  it("has no gauge named *_total (a _total suffix means a counter)", async () => {
    const registry = new Registry();
    createMetrics(registry, { defaultMetrics: true });
    const gauges = registry
      .getMetricsAsArray()
      .filter((m) => m instanceof Gauge)
      .map((m) => (m as unknown as { name: string }).name);
    expect(gauges).toContain("nodejs_active_handles");
    expect(gauges).toContain("ingestor_inflight_bytes");
    expect(gauges.filter((n) => n.endsWith("_total"))).toEqual([]);
    const types = (await registry.getMetricsAsJSON()).filter((m) => m.name.endsWith("_total"));
    expect(types.map((m) => [m.name, m.type]).filter(([, type]) => type !== "counter")).toEqual([]);
  });
});
