import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, TraceFlags, type Tracer } from "@opentelemetry/api";
import { setGlobalErrorHandler, TraceState } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type SpanExporter } from "@opentelemetry/sdk-trace";
import type { TraceContext } from "../edge/trace.js";

/** What the request handler knows when a request starts. */
export interface RequestStart {
  readonly method: string;
  /** The route label of the metrics (`/events`, `other`, ...): low cardinality, as span names must be. */
  readonly route: string;
  readonly path: string;
  readonly requestId: string;
  /** The client's W3C trace context: the span becomes its child. */
  readonly parent?: TraceContext | undefined;
}

/** What the request came to. */
export interface RequestEnd {
  readonly status: number;
  readonly events?: number | undefined;
  readonly accepted?: number | undefined;
  readonly rejected?: number | undefined;
}

/** The span of one request, as the rest of the service sees it (no OpenTelemetry types leak out). */
export interface RequestSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** The span as a trace context: what the request's records carry as `ce_traceparent`. */
  readonly context: TraceContext;
  end(result: RequestEnd): void;
}

export interface RequestTracer {
  start(request: RequestStart): RequestSpan;
  /**
   * Exports what is buffered and stops, within `timeoutMs` (default 2000: shutdown has a deadline, spans are
   * worth less than a clean exit). Never rejects: a failed or late export goes to `onError`.
   */
  shutdown(timeoutMs?: number): Promise<void>;
}

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP/HTTP). */
  readonly endpoint: string;
  /** OTEL_SERVICE_NAME, the `service.name` resource attribute. */
  readonly serviceName: string;
  /** Tests export to memory; default: OTLP/HTTP (JSON) to the endpoint. */
  readonly exporter?: SpanExporter;
  /** Told when the last export, at shutdown, fails (the collector is down): spans are lost, nothing else. */
  readonly onError?: (err: unknown) => void;
}

/**
 * Where the SDK reports failed exports while running (its global error handler; silent by default). main.ts
 * points it at the log: missing spans should be explainable.
 */
export function reportExportErrors(onError: (err: unknown) => void): void {
  setGlobalErrorHandler(onError);
}

/** OTLP/HTTP's path for traces, appended to the base endpoint as the OpenTelemetry exporter spec says. */
export function tracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

function parentContext(parent: TraceContext | undefined) {
  if (parent === undefined) return ROOT_CONTEXT;
  // traceparent is validated version-00 text: 00-<trace id>-<parent id>-<flags>.
  const [, traceId = "", spanId = "", flags = "00"] = parent.traceparent.split("-");
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(parent.tracestate === undefined ? {} : { traceState: new TraceState(parent.tracestate) }),
  });
}

function requestSpan(tracer: Tracer, request: RequestStart): RequestSpan {
  const span = tracer.startSpan(
    `${request.method} ${request.route}`,
    {
      kind: SpanKind.SERVER,
      // OpenTelemetry HTTP semantic conventions (stable names).
      attributes: {
        "http.request.method": request.method,
        "http.route": request.route,
        "url.path": request.path,
        "ingestor.request_id": request.requestId,
      },
    },
    parentContext(request.parent),
  );
  const sc = span.spanContext();
  const flags = (sc.traceFlags & TraceFlags.SAMPLED).toString(16).padStart(2, "0");
  const tracestate = request.parent?.tracestate;
  return {
    traceId: sc.traceId,
    spanId: sc.spanId,
    context: {
      traceparent: `00-${sc.traceId}-${sc.spanId}-${flags}`,
      traceId: sc.traceId,
      ...(tracestate === undefined ? {} : { tracestate }),
    },
    end(result) {
      span.setAttribute("http.response.status_code", result.status);
      if (result.events !== undefined) span.setAttribute("ingestor.events", result.events);
      if (result.accepted !== undefined) span.setAttribute("ingestor.events.accepted", result.accepted);
      if (result.rejected !== undefined) span.setAttribute("ingestor.events.rejected", result.rejected);
      // Server spans: only 5xx are errors (a 4xx is the client's, semantic conventions say).
      if (result.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}

/**
 * A span per request, exported in batches over OTLP/HTTP. Other standard exporter variables
 * (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION, certificates) are read by the exporter itself.
 */
export function createRequestTracer(options: TracingOptions): RequestTracer {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: tracesUrl(options.endpoint) });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer("event-ingestor");
  return {
    start: (request) => requestSpan(tracer, request),
    async shutdown(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`spans not exported within ${timeoutMs} ms of shutdown`));
        }, timeoutMs);
      });
      try {
        await Promise.race([provider.shutdown(), late]);
      } catch (err) {
        options.onError?.(err);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
