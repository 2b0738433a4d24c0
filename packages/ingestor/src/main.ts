// The only module that touches `process`: env -> config -> dependencies -> serve -> shutdown.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { Registry } from "prom-client";
import { ConfigError, loadConfig } from "./config.js";
import { uuidv7 } from "./events/ids.js";
import type { KafkaLogSink } from "./kafka/kafkajs.js";
import { createProducerPort } from "./kafka/producer-port.js";
import { shutdown } from "./lifecycle/shutdown.js";
import { prettyDestination, wantsPretty } from "./lifecycle/log-format.js";
import { dropKafkajsTimerWarning } from "./lifecycle/warnings.js";
import { createMetrics } from "./metrics.js";
import { eventValidatorFor, SchemaLoadError } from "./schema/index.js";
import { createService } from "./service.js";
import { createRequestTracer, reportExportErrors } from "./telemetry/index.js";

function readConfig() {
  try {
    return loadConfig(process.env, (path) => readFileSync(path, "utf8"));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`event-ingestor: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

const config = readConfig();

/** The per-type schemas, compiled once: an unusable file stops start-up as a bad setting does, naming it. */
function readSchemas() {
  try {
    return eventValidatorFor(config.schema);
  } catch (err) {
    if (err instanceof SchemaLoadError) {
      process.stderr.write(`event-ingestor: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
const schemas = readSchemas();
const logger = pino(
  {
    level: config.logLevel,
    base: { service: "event-ingestor" },
    // ISO 8601 rather than epoch milliseconds: readable as is, and parsed by every log pipeline.
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ["req.headers.authorization", "req.headers['x-api-key']"],
  },
  wantsPretty(config.logFormat, process.stdout.isTTY) ? prettyDestination(process.stdout) : process.stdout,
);
dropKafkajsTimerWarning((warning) => {
  logger.warn({ err: warning }, "process warning");
});
const kafkaLogger = logger.child({ component: config.kafka.client });
const kafkaLog: KafkaLogSink = (level, entry, message) => {
  kafkaLogger[level](entry, message);
};
// A producer thread's exit is counted once the metrics exist; it cannot happen before the service runs.
let countThreadExit = (): void => undefined;
const producer = createProducerPort(config.kafka, kafkaLog, () => {
  countThreadExit();
});
const port = producer.port;
const metrics = createMetrics(new Registry(), {
  eventLoops: {
    http: () => performance.eventLoopUtilization().active,
    ...(producer.loopBusyMs === undefined ? {} : { "kafka-producer": producer.loopBusyMs }),
  },
});
countThreadExit = () => {
  metrics.producerThreadExits.inc();
};
if (config.schema.mode !== "off") {
  const { mode, dir } = config.schema;
  logger.info({ schemaMode: mode, schemaDir: dir, types: schemas.types }, "event schemas loaded");
}
// Spans only with a collector to send them to; failed exports are logged, never a request's problem.
const { otlpEndpoint, serviceName } = config.telemetry;
const spansLost = (err: unknown): void => {
  logger.warn({ err }, "spans not exported to OTEL_EXPORTER_OTLP_ENDPOINT");
};
const tracer =
  otlpEndpoint === undefined
    ? undefined
    : createRequestTracer({ endpoint: otlpEndpoint, serviceName, onError: spansLost });
if (tracer !== undefined) reportExportErrors(spansLost);
const { app, sender, topics, state } = createService({
  config,
  port,
  metrics,
  logger,
  newId: () => uuidv7(),
  now: () => new Date(),
  validateEvent: schemas.validate,
  tracer,
});

let stopping = false;
async function connectUntilReady(): Promise<void> {
  // Start serving even when Kafka is down: liveness holds, readiness reports why, and we keep trying.
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await port.connect();
      await topics.refresh();
      const missing = topics.missing();
      if (missing.length > 0)
        logger.error({ missing }, "topics do not exist; create them (auto-creation is off)");
      const weak = topics.durabilityProblems(config.kafka.minIsrRequired);
      if (weak.length > 0) logger.error({ problems: weak }, "topics are not durable enough; not ready");
      logger.info({ brokers: config.kafka.brokers, topic: config.kafka.topic }, "connected to Kafka");
      return;
    } catch (err) {
      logger.warn({ err, attempt }, "cannot connect to Kafka yet; retrying");
      await new Promise((r) => setTimeout(r, Math.min(5_000, 250 * attempt)));
    }
  }
}

const server = serve(
  {
    fetch: app.fetch,
    port: config.http.port,
    serverOptions: {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      // Node checks those two every 30 s by default: a stalled upload could outlive its limit by that much.
      connectionsCheckingInterval: Math.min(1_000, config.http.headersTimeoutMs),
      keepAliveTimeout: 65_000,
    },
  },
  (info) => {
    logger.info({ port: info.port }, "listening");
  },
) as Server;
server.on("error", (err: NodeJS.ErrnoException) => {
  // One clear line instead of an unhandled 'error' event's stack trace.
  const why = err.code === "EADDRINUSE" ? `port ${config.http.port} is already in use` : err.message;
  process.stderr.write(`event-ingestor: cannot listen: ${why}\n`);
  process.exit(1);
});
void connectUntilReady();
const refresher = setInterval(() => void topics.refresh(), config.kafka.metadataMaxAgeMs);
refresher.unref();

async function onSignal(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(refresher);
  const ok = await shutdown(
    {
      state,
      logger,
      delayMs: config.shutdown.delayMs,
      timeoutMs: config.shutdown.timeoutMs,
      cutConnections: () => {
        server.closeAllConnections();
      },
      // Connections still writing a response are left to finish it (each carries Connection: close since the
      // door closed); only idle ones are ended. Cutting them all at once lost 202s already on their way.
      closeServer: () =>
        new Promise<void>((resolve) => {
          const sweep = setInterval(() => {
            server.closeIdleConnections();
          }, 20);
          server.close(() => {
            clearInterval(sweep);
            resolve();
          });
        }),
      flush: () => sender.drain(),
      disconnect: () => port.disconnect(),
    },
    signal,
  );
  // The last spans, after the last requests ended (bounded: a missing collector delays exit by 2 s at most).
  await tracer?.shutdown();
  process.exit(ok ? 0 : 1);
}
process.on("SIGTERM", () => void onSignal("SIGTERM"));
process.on("SIGINT", () => void onSignal("SIGINT"));
