import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { describe, expect, it } from "vitest";
import { MemorySpanExporter } from "./memory-exporter.js";
import type { TraceContext } from "../edge/trace.js";
import { createRequestTracer, tracesUrl, type RequestStart } from "./tracing.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";

/** A POST /events request as the HTTP layer describes it to the tracer, in the client's trace when given. */
const postEvents = (requestId: string, parent?: TraceContext): RequestStart => ({
  method: "POST",
  route: "/events",
  path: "/events",
  requestId,
  parent,
});
const getHealthz = (requestId: string): RequestStart => ({
  method: "GET",
  route: "/healthz",
  path: "/healthz",
  requestId,
});

function tracerToMemory() {
  const exporter = new MemorySpanExporter();
  const tracer = createRequestTracer({ endpoint: "http://unused", serviceName: "ingestor-test", exporter });
  return { exporter: { getFinishedSpans: () => exporter.spans }, tracer };
}

describe("request spans", () => {
  it("a request with a traceparent gets a SERVER span in that trace, child of the client's span, with HTTP attributes", async () => {
    const { exporter, tracer } = tracerToMemory();
    const span = tracer.start(
      postEvents("req-1", {
        traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
        traceId: TRACE_ID,
        tracestate: "vendor=x",
      }),
    );
    expect(span.traceId).toBe(TRACE_ID);
    expect(span.context).toEqual({
      traceparent: `00-${TRACE_ID}-${span.spanId}-01`,
      traceId: TRACE_ID,
      tracestate: "vendor=x",
    });
    span.end({ status: 207, events: 3, accepted: 2, rejected: 1 });
    await tracer.shutdown();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.name).toBe("POST /events");
    expect(exported?.kind).toBe(SpanKind.SERVER);
    expect(exported?.spanContext().traceId).toBe(TRACE_ID);
    expect(exported?.spanContext().spanId).toBe(span.spanId);
    expect(exported?.parentSpanContext?.spanId).toBe(PARENT_ID);
    expect(exported?.attributes).toEqual({
      "http.request.method": "POST",
      "http.route": "/events",
      "url.path": "/events",
      "ingestor.request_id": "req-1",
      "http.response.status_code": 207,
      "ingestor.events": 3,
      "ingestor.events.accepted": 2,
      "ingestor.events.rejected": 1,
    });
    expect(exported?.status.code).toBe(SpanStatusCode.UNSET);
    expect(exported?.resource.attributes["service.name"]).toBe("ingestor-test");
  });

  it("a request without a traceparent starts a new, sampled trace", async () => {
    const { exporter, tracer } = tracerToMemory();
    const span = tracer.start(getHealthz("req-2"));
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.traceId).not.toBe(TRACE_ID);
    expect(span.context.traceparent).toBe(`00-${span.traceId}-${span.spanId}-01`);
    span.end({ status: 200 });
    await tracer.shutdown();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    const [exported] = exporter.getFinishedSpans();
    expect(exported?.parentSpanContext).toBeUndefined();
    expect(exported?.attributes["ingestor.events"]).toBeUndefined();
  });

  it("a 5xx marks the span as an error; a 4xx does not", async () => {
    const { exporter, tracer } = tracerToMemory();
    tracer.start(postEvents("a")).end({ status: 503 });
    tracer.start(postEvents("b")).end({ status: 400 });
    await tracer.shutdown();
    expect(
      exporter.getFinishedSpans().map((s) => [s.attributes["ingestor.request_id"], s.status.code]),
    ).toEqual([
      ["a", SpanStatusCode.ERROR],
      ["b", SpanStatusCode.UNSET],
    ]);
  });

  it("a client's unsampled trace is followed, and nothing of it is exported", async () => {
    const { exporter, tracer } = tracerToMemory();
    const span = tracer.start(
      postEvents("c", { traceparent: `00-${TRACE_ID}-${PARENT_ID}-00`, traceId: TRACE_ID }),
    );
    expect(span.traceId).toBe(TRACE_ID);
    expect(span.context.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-00$`));
    span.end({ status: 202 });
    await tracer.shutdown();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

describe("an unreachable collector", () => {
  it("costs the spans, never the request: ending a span does not throw, shutdown resolves and reports", async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const errors: unknown[] = [];
    const tracer = createRequestTracer({
      endpoint: "http://127.0.0.1:1",
      serviceName: "test",
      onError: (err) => errors.push(err),
    });
    const span = tracer.start(postEvents("r"));
    expect(() => {
      span.end({ status: 202 });
    }).not.toThrow();
    // The exporter retries a refused connection with backoff (about 8 s in all): shutdown stops waiting first.
    await expect(tracer.shutdown(500)).resolves.toBeUndefined();
    expect(errors.map(String)).toEqual(["Error: spans not exported within 500 ms of shutdown"]);
  });
});

describe("tracesUrl", () => {
  it("appends OTLP/HTTP's /v1/traces to the base endpoint", () => {
    expect(tracesUrl("http://collector:4318")).toBe("http://collector:4318/v1/traces");
    expect(tracesUrl("https://otlp.example.com/otlp/")).toBe("https://otlp.example.com/otlp/v1/traces");
  });
});

describe("shutdown", () => {
  it("gives up after its timeout when the collector does not answer, and says so", async () => {
    const errors: unknown[] = [];
    const hanging = {
      export: () => undefined,
      shutdown: () => new Promise<void>(() => undefined),
    };
    const tracer = createRequestTracer({
      endpoint: "http://unused",
      serviceName: "test",
      exporter: hanging,
      onError: (err) => errors.push(err),
    });
    tracer.start(getHealthz("r")).end({ status: 200 });
    const started = Date.now();
    await tracer.shutdown(100);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(errors.map(String)).toEqual(["Error: spans not exported within 100 ms of shutdown"]);
  });
});
