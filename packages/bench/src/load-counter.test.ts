import { describe, expect, it } from "vitest";
import { PhaseCounter, acceptedFromBody } from "./load-counter.js";

describe("acceptedFromBody", () => {
  it("reads the accepted count of a 202 and a 207 body", () => {
    expect(acceptedFromBody('{"accepted":100,"ids":["a"]}')).toBe(100);
    expect(acceptedFromBody('{"accepted": 3, "rejected": 1, "results": []}')).toBe(3);
  });

  it("counts nothing for a body without an accepted field", () => {
    expect(acceptedFromBody('{"error":{"code":"KAFKA_UNAVAILABLE"}}')).toBe(0);
    expect(acceptedFromBody("")).toBe(0);
  });
});

describe("PhaseCounter", () => {
  const extra = { requestsSent: 4, errors: 0, timeouts: 0, latencyMs: { p50: 1, p90: 2, p99: 3, max: 4 } };

  it("sums accepted events of 2xx responses only", () => {
    const c = new PhaseCounter(0);
    c.record(202, '{"accepted":100}', {}, 10);
    c.record(207, '{"accepted":40,"rejected":60}', {}, 20);
    c.record(400, '{"accepted":0}', {}, 30);
    c.record(503, '{"accepted":7}', { "Retry-After": "1" }, 40);
    const r = c.result(extra);
    expect(r.acceptedEvents).toBe(140);
    expect(r.statusCounts).toEqual({ "202": 1, "207": 1, "400": 1, "503": 1 });
    expect(r.responses).toBe(4);
  });

  it("counts 503 responses that lack Retry-After, whatever the header's case", () => {
    const c = new PhaseCounter(0);
    c.record(503, "{}", { "retry-after": "1" }, 1);
    c.record(503, "{}", { "Retry-After": "1" }, 2);
    c.record(503, "{}", {}, 3);
    expect(c.result(extra).unavailableWithoutRetryAfter).toBe(1);
  });

  it("buckets responses per second since the phase start and measures up to the last response", () => {
    const c = new PhaseCounter(1000);
    c.record(202, '{"accepted":1}', {}, 1500);
    c.record(503, "{}", { "retry-after": "1" }, 3200);
    c.record(500, "{}", {}, 3900);
    const r = c.result(extra);
    expect(r.perSecond).toEqual([
      { second: 0, ok: 1, unavailable: 0, other: 0 },
      { second: 1, ok: 0, unavailable: 0, other: 0 },
      { second: 2, ok: 0, unavailable: 1, other: 1 },
    ]);
    expect(r.seconds).toBeCloseTo(2.9, 5);
    expect(r.firstOkSeconds).toBeCloseTo(0.5, 5);
  });

  it("has no first-2xx time when nothing succeeded", () => {
    const c = new PhaseCounter(0);
    c.record(503, "{}", { "retry-after": "1" }, 100);
    expect(c.result(extra).firstOkSeconds).toBeNull();
  });
});
