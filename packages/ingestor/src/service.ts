import type { Logger } from "pino";
import type { Config } from "./config.js";
import { createApp, type Readiness } from "./http/app.js";
import { Batcher } from "./kafka/batcher.js";
import { DirectSender, type BatchReport, type RecordSender } from "./kafka/sender.js";
import { createDeadLetterWriter } from "./kafka/dlq.js";
import { KafkaHealth } from "./kafka/health.js";
import type { KafkaPort } from "./kafka/port.js";
import { kafkaAuthOf, type KafkaAuth } from "./kafka/auth/index.js";
import { TopicWatcher } from "./kafka/topics.js";
import { rateLimiterFor } from "./edge/rate-limit.js";
import { ServiceState } from "./lifecycle/state.js";
import type { Metrics } from "./metrics.js";
import type { EventValidator } from "./schema/index.js";
import type { RequestTracer } from "./telemetry/index.js";

export interface ServiceDeps {
  readonly config: Config;
  readonly port: KafkaPort;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly newId: () => string;
  /** Receive time of events. */
  readonly now: () => Date;
  /** Milliseconds clock for saturation windows. */
  readonly clock?: () => number;
  /** The cloud token behind the port (KAFKA_SASL_MECHANISM aws-msk-iam / oauthbearer-*); default: the port's. */
  readonly kafkaAuth?: KafkaAuth;
  /** Per-type JSON Schema of event data (SCHEMA_MODE), compiled at start by main.ts; absent: none. */
  readonly validateEvent?: EventValidator | undefined;
  /** A span per request (OTEL_EXPORTER_OTLP_ENDPOINT), made by main.ts; absent: no tracing. */
  readonly tracer?: RequestTracer | undefined;
}

/** Wires the service's parts around a Kafka port: the one wiring main.ts and the unit-test harness share. */
export function createService(deps: ServiceDeps) {
  const { config, port, metrics } = deps;
  const { topic, dlqTopic } = config.kafka;
  const health = new KafkaHealth();
  const auth = deps.kafkaAuth ?? kafkaAuthOf(port);
  const topics = new TopicWatcher(port, [topic, dlqTopic], (error) => {
    health.observe(error);
  });
  const state = new ServiceState(config.http.maxInflightBytes, deps.clock ?? Date.now, (bytes) => {
    metrics.inflightBytes.set(bytes);
  });
  const onBatch = ({ records, durationMs, error }: BatchReport): void => {
    health.observe(error);
    metrics.batchSize.observe(records);
    metrics.produceDuration.observe({ topic: "main", result: error ? "error" : "ok" }, durationMs / 1000);
    if (error) metrics.kafkaErrors.inc({ kind: error.kind });
  };
  const { deliveryTimeoutMs } = config.kafka;
  // librdkafka batches across concurrent requests itself (linger.ms, batch.size); kafkajs sends one produce
  // request per call, so the service batches in front of it.
  const sender: RecordSender =
    config.kafka.client === "librdkafka"
      ? new DirectSender({ topic, deliveryTimeoutMs }, { port, onBatch })
      : new Batcher(
          {
            topic,
            lingerMs: config.kafka.lingerMs,
            maxRecords: config.kafka.batchMaxRecords,
            maxBytes: config.kafka.batchMaxBytes,
            deliveryTimeoutMs,
            // kafkajs' idempotent producer sends one request at a time anyway; waiting here lets batches grow.
            maxInFlight: config.kafka.idempotent ? 1 : 4,
            sendWhenIdle: true,
          },
          { port, maxMessageBytes: () => topics.get(topic)?.maxMessageBytes, onBatch },
        );
  // Readiness is about this instance and its cluster, never about its clients: slow or saturating clients
  // must not take every pod out of service.
  const readiness = (): Readiness => {
    const durability = topics.durabilityProblems(config.kafka.minIsrRequired);
    // A failed token refresh fails readiness at once, while the last token still works: the instance leaves
    // the Service before it can no longer authenticate. Only present with a cloud SASL mechanism.
    const authStatus = auth?.status();
    const problems = authStatus?.problem === undefined ? durability : [...durability, authStatus.problem];
    const checks = {
      producerConnected: port.isConnected() && health.reachable,
      topicsExist: topics.missing().length === 0,
      topicsDurable: durability.length === 0,
      notDraining: !state.draining,
      ...(authStatus === undefined ? {} : { kafkaAuth: authStatus.ok }),
    };
    const ready = Object.values(checks).every(Boolean);
    metrics.ready.set(ready ? 1 : 0);
    return { ready, checks, ...(problems.length === 0 ? {} : { problems }) };
  };
  const app = createApp({
    limits: { ...config.http },
    apiKeys: config.http.apiKeys,
    corsOrigins: config.http.corsOrigins,
    rateLimiter: rateLimiterFor(config.http.rateLimit, config.http.keyRateLimits, deps.clock ?? Date.now),
    defaultSource: config.events.defaultSource,
    ingest: {
      sender,
      deadLetter: createDeadLetterWriter({
        port,
        topic: dlqTopic,
        maxPayloadBytes: config.events.dlqMaxPayloadBytes,
        timeoutMs: config.kafka.deliveryTimeoutMs,
        batchMaxBytes: config.kafka.batchMaxBytes,
        maxMessageBytes: () => topics.get(dlqTopic)?.maxMessageBytes,
      }),
      metrics,
      maxRecordBytes: () => topics.get(topic)?.maxMessageBytes,
      retryAfterSeconds: Math.max(1, Math.ceil(config.kafka.deliveryTimeoutMs / 10_000)),
      validateEvent: deps.validateEvent,
    },
    state,
    readiness,
    metrics,
    logger: deps.logger,
    newId: deps.newId,
    now: deps.now,
    tracer: deps.tracer,
  });
  return { app, sender, topics, state, health, readiness };
}

export type Service = ReturnType<typeof createService>;
