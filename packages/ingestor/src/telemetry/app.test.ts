import { describe, expect, it } from "vitest";
import { createHarness } from "../testing/harness.js";
import { MemorySpanExporter } from "./memory-exporter.js";
import { createRequestTracer } from "./tracing.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";

/** The service as main.ts wires it (the unit-test harness) with tracing on, spans kept in memory. */
async function tracedService() {
  const exporter = new MemorySpanExporter();
  const tracer = createRequestTracer({ endpoint: "http://unused", serviceName: "test", exporter });
  const svc = await createHarness({ partitions: 1, tracer });
  return {
    ...svc,
    spans: async () => {
      await tracer.shutdown();
      return exporter.spans;
    },
  };
}

describe("tracing on POST /events", () => {
  it("the request's span is the client's child; its records and log line carry the span's ids", async () => {
    const s = await tracedService();
    const body = '[{"type":"a"},{"type":"b"}]';
    const res = await s.app.request("/events", {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "content-length": String(body.length),
        traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`,
        "x-request-id": "req-42",
      },
    });
    expect(res.status).toBe(202);
    const spans = await s.spans();
    expect(spans).toHaveLength(1);
    const [span] = spans;
    const spanId = span?.spanContext().spanId ?? "";
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(CLIENT_SPAN);
    expect(span?.attributes).toMatchObject({
      "http.response.status_code": 202,
      "ingestor.events": 2,
      "ingestor.events.accepted": 2,
      "ingestor.request_id": "req-42",
    });
    // Consumers continue the trace from the ingestor's span, not from the client's.
    expect(s.port.records("events").map((r) => r.headers["ce_traceparent"])).toEqual([
      `00-${TRACE_ID}-${spanId}-01`,
      `00-${TRACE_ID}-${spanId}-01`,
    ]);
    const line = s.logs().find((l) => l["msg"] === "request");
    expect(line).toMatchObject({ requestId: "req-42", traceId: TRACE_ID, spanId, status: 202, events: 2 });
  });

  it("a request without a traceparent starts a trace; its records carry it", async () => {
    const s = await tracedService();
    const body = '{"type":"a"}';
    const res = await s.app.request("/events", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "content-length": String(body.length) },
    });
    expect(res.status).toBe(202);
    const [span] = await s.spans();
    const { traceId, spanId } = span?.spanContext() ?? { traceId: "", spanId: "" };
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.port.records("events")[0]?.headers["ce_traceparent"]).toBe(`00-${traceId}-${spanId}-01`);
    expect(s.logs().find((l) => l["msg"] === "request")).toMatchObject({ traceId, spanId });
  });
});
