import { Writable } from "node:stream";
import { pino } from "pino";
import { Registry } from "prom-client";
import { loadConfig, type Config } from "../config.js";
import { uuidv7 } from "../events/ids.js";
import type { RecordSender } from "../kafka/sender.js";
import type { TopicWatcher } from "../kafka/topics.js";
import type { ServiceState } from "../lifecycle/state.js";
import { createMetrics, type Metrics } from "../metrics.js";
import { createService } from "../service.js";
import type { EventValidator } from "../schema/index.js";
import type { RequestTracer } from "../telemetry/index.js";
import { FakeKafkaPort } from "./fake-port.js";

export const TOPIC = "events";
export const DLQ_TOPIC = "events.dlq";
export const RECEIVED_AT = "2025-03-04T05:06:07.089Z";

export interface HarnessOptions {
  /** Environment variables on top of the defaults (KAFKA_BROKERS is set for you). */
  readonly env?: Readonly<Record<string, string>>;
  /** Partition count and max.message.bytes the fake cluster reports for the main topic. */
  readonly partitions?: number;
  readonly maxMessageBytes?: number;
  /** Collect Node's default process metrics on the registry (slower; off unless a test needs them). */
  readonly defaultMetrics?: boolean;
  /** The clock ServiceState uses for saturation. */
  readonly now?: () => number;
  /** Per-type schema validation, as main.ts passes it (SCHEMA_MODE); default none. */
  readonly validateEvent?: EventValidator | undefined;
  /** A span per request, as main.ts passes it (OTEL_EXPORTER_OTLP_ENDPOINT); default none. */
  readonly tracer?: RequestTracer | undefined;
}

export interface Harness {
  readonly app: ReturnType<typeof createService>["app"];
  readonly port: FakeKafkaPort;
  readonly state: ServiceState;
  readonly sender: RecordSender;
  readonly topics: TopicWatcher;
  readonly metrics: Metrics;
  readonly config: Config;
  /** The JSON log lines the app wrote. */
  readonly logs: () => Record<string, unknown>[];
  /** POST /events with the given body and headers. */
  post(body: string | Uint8Array | null, headers?: Record<string, string>): Promise<Response>;
}

/**
 * Wires the app as main.ts does — the same config parsing and `createService` — with a fixed clock. What it
 * leaves out: the Kafka client and its transport (`createProducerPort`: librdkafka, or kafkajs on its worker
 * thread) are replaced by FakeKafkaPort behind the same KafkaPort interface; main.ts' connect-until-ready loop,
 * the HTTP server and shutdown do not run. The integration tests (test/integration) run those, on a real broker.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
  const config = loadConfig({ KAFKA_BROKERS: "fake:9092", KAFKA_LINGER_MS: "0", ...options.env }, () => {
    throw new Error("no files in unit tests");
  });
  const port = new FakeKafkaPort({
    [TOPIC]: {
      partitions: options.partitions ?? 3,
      ...(options.maxMessageBytes === undefined ? {} : { maxMessageBytes: options.maxMessageBytes }),
    },
    [DLQ_TOPIC]: { partitions: 1 },
  });
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const metrics = createMetrics(new Registry(), { defaultMetrics: options.defaultMetrics ?? false });
  const { app, sender, topics, state } = createService({
    config,
    port,
    metrics,
    logger,
    newId: () => uuidv7(),
    now: () => new Date(RECEIVED_AT),
    ...(options.now === undefined ? {} : { clock: options.now }),
    validateEvent: options.validateEvent,
    tracer: options.tracer,
  });
  await topics.refresh();
  return {
    app,
    port,
    state,
    sender,
    topics,
    metrics,
    config,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    // Like curl and fetch(), declare the body's length (the in-flight budget is reserved from it).
    post: async (body, headers = { "content-type": "application/json" }) =>
      app.request("/events", {
        method: "POST",
        body,
        headers:
          body === null || Object.keys(headers).some((k) => k.toLowerCase() === "content-length")
            ? headers
            : {
                ...headers,
                "content-length": String(typeof body === "string" ? Buffer.byteLength(body) : body.length),
              },
      }),
  };
}

/** The response body as JSON, typed loosely for assertions. */
export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

/** The `{ error: { code } }` of an error response. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const body = await json(res);
  const error = body["error"] as { code?: string } | undefined;
  return error?.code;
}
