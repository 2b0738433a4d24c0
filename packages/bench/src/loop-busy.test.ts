import { describe, expect, it } from "vitest";
import { loopBusyPercent, parseLoopBusy } from "./loop-busy.js";

describe("loop busy time", () => {
  it("reads the per-thread busy counters out of a /metrics page", () => {
    const page = [
      "# HELP ingestor_event_loop_busy_seconds_total Seconds each thread's event loop was busy",
      "# TYPE ingestor_event_loop_busy_seconds_total counter",
      'ingestor_event_loop_busy_seconds_total{thread="http"} 12.5',
      'ingestor_event_loop_busy_seconds_total{thread="kafka-producer"} 3.25e1',
      'ingestor_events_total{outcome="accepted"} 7',
    ].join("\n");
    expect(parseLoopBusy(page)).toEqual({ http: 12.5, "kafka-producer": 32.5 });
  });

  it("turns two samples into percent busy over the window between them", () => {
    const start = { at: 1_000, busy: { http: 10, "kafka-producer": 2 } };
    const end = { at: 11_000, busy: { http: 13.4, "kafka-producer": 9.6 } };
    expect(loopBusyPercent(start, end)).toEqual({ http: 34, "kafka-producer": 76 });
    expect(loopBusyPercent(end, end)).toEqual({});
  });
});
