import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createMetrics } from "./metrics.js";

async function busySeconds(registry: Registry): Promise<Record<string, number>> {
  const json = await registry.getMetricsAsJSON();
  const metric = json.find((m) => m.name === "ingestor_event_loop_busy_seconds_total");
  return Object.fromEntries((metric?.values ?? []).map((v) => [String(v.labels["thread"]), v.value]));
}

describe("ingestor_event_loop_busy_seconds_total", () => {
  it("reports each thread's busy time as a counter that survives a replaced thread", async () => {
    const http = [1_500, 2_500, 4_000];
    const producer: (number | undefined)[] = [undefined, 3_000, 500];
    const registry = new Registry();
    createMetrics(registry, {
      defaultMetrics: false,
      eventLoops: { http: () => http.shift(), "kafka-producer": () => producer.shift() },
    });
    expect(await busySeconds(registry)).toEqual({ http: 1.5 });
    expect(await busySeconds(registry)).toEqual({ http: 2.5, "kafka-producer": 3 });
    // The producer thread was replaced: its new loop counts from 0, and the counter keeps going up.
    expect(await busySeconds(registry)).toEqual({ http: 4, "kafka-producer": 3.5 });
  });

  it("is absent when no event loops are tracked", async () => {
    const registry = new Registry();
    createMetrics(registry, { defaultMetrics: false });
    expect(await busySeconds(registry)).toEqual({});
  });
});
