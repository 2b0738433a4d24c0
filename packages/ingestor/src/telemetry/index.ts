// OpenTelemetry traces (OTLP/HTTP), off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: a span per request.
export {
  createRequestTracer,
  reportExportErrors,
  tracesUrl,
  type RequestEnd,
  type RequestSpan,
  type RequestStart,
  type RequestTracer,
  type TracingOptions,
} from "./tracing.js";
