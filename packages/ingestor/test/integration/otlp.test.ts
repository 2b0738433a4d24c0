import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeAll } from "../support/kafka.js";
import { postEvents, startOnNewTopics, type RunningIngestor } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN = "00f067aa0ba902b7";

/** The parts of an OTLP/HTTP JSON export (opentelemetry-proto's JSON mapping: ids as hex) the test reads. */
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: number;
  readonly attributes: readonly { key: string; value: Record<string, unknown> }[];
}
interface OtlpExport {
  readonly resourceSpans: readonly {
    readonly resource: { readonly attributes: readonly { key: string; value: Record<string, unknown> }[] };
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

/** A fake OTLP/HTTP collector: keeps every export it receives and answers 200 as a collector does. */
async function fakeCollector() {
  const received: { path: string; headers: IncomingHttpHeaders; body: OtlpExport }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString()) as OtlpExport,
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  const spans = () =>
    received.flatMap((r) =>
      r.body.resourceSpans.flatMap((rs) =>
        rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => ({ ...r, rs, span }))),
      ),
    );
  return { url: `http://127.0.0.1:${port}`, received, spans, close: () => server.close() };
}

const attribute = (span: OtlpSpan, key: string) => span.attributes.find((a) => a.key === key)?.value;

describe("OTLP traces to a collector", () => {
  let svc: RunningIngestor;
  let collector: Awaited<ReturnType<typeof fakeCollector>>;
  let topic = "";
  beforeAll(async () => {
    collector = await fakeCollector();
    ({ svc, topic } = await startOnNewTopics(brokers, "otlp", {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: "ingestor-under-test",
      LOG_LEVEL: "info",
    }));
  });
  afterAll(async () => {
    await svc.stop();
    collector.close();
  });

  it("exports a SERVER span per request in the client's trace; the record and the log line carry its ids", async () => {
    const res = await postEvents(
      svc.url,
      JSON.stringify([{ type: "traced", id: "otlp-1" }, { type: "traced" }]),
      {
        "content-type": "application/json",
        traceparent: `00-${TRACE_ID}-${CLIENT_SPAN}-01`,
      },
    );
    expect(res.status).toBe(202);
    // The batch processor exports every 5 s.
    const deadline = Date.now() + 20_000;
    const find = () => collector.spans().find((s) => s.span.traceId === TRACE_ID);
    while (find() === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const got = find();
    if (got === undefined) throw new Error(`no span of trace ${TRACE_ID} reached the collector in 20 s`);
    expect(got.path).toBe("/v1/traces");
    expect(got.headers["content-type"]).toBe("application/json");
    const { span } = got;
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      parentSpanId: CLIENT_SPAN,
      name: "POST /events",
      kind: 2,
    });
    expect(attribute(span, "http.response.status_code")).toEqual({ intValue: 202 });
    expect(attribute(span, "ingestor.events")).toEqual({ intValue: 2 });
    expect(attribute(span, "http.request.method")).toEqual({ stringValue: "POST" });
    const serviceName = got.rs.resource.attributes.find((a) => a.key === "service.name")?.value;
    expect(serviceName).toEqual({ stringValue: "ingestor-under-test" });

    const { spanId } = span;
    const records = await consumeAll(brokers, topic, 2);
    expect(records.map((r) => r.headers["ce_traceparent"])).toEqual([
      `00-${TRACE_ID}-${spanId}-01`,
      `00-${TRACE_ID}-${spanId}-01`,
    ]);
    const line = svc
      .logs()
      .split("\n")
      .filter((l) => l.includes('"msg":"request"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l["traceId"] === TRACE_ID);
    expect(line).toMatchObject({ traceId: TRACE_ID, spanId, status: 202, events: 2 });
  });
});
