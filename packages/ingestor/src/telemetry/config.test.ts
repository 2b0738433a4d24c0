import { describe, expect, it } from "vitest";
import { loadWith, problemsWith } from "../../test/support/config.js";

describe("OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME", () => {
  it("tracing is off unless the endpoint is set; the service is named event-ingestor", () => {
    expect(loadWith({}).telemetry).toEqual({ otlpEndpoint: undefined, serviceName: "event-ingestor" });
  });

  it("read the collector's URL and the service name", () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318", OTEL_SERVICE_NAME: "ingest-eu" };
    expect(loadWith(env).telemetry).toEqual({
      otlpEndpoint: "http://otel-collector:4318",
      serviceName: "ingest-eu",
    });
  });

  it("an endpoint that is not an http(s) URL is refused at start-up", () => {
    expect(problemsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: "otel-collector:4317" })).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINT: 'otel-collector:4317' is not an http(s) URL (e.g. http://otel-collector:4318)",
    ]);
    expect(problemsWith({ OTEL_EXPORTER_OTLP_ENDPOINT: "grpc://collector:4317" })).toHaveLength(1);
  });
});
