import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";

const PREFIX = "ingestor_";

/** Every metric the service exports, on an injected registry (no global state). Labels stay low-cardinality. */
export function createMetrics(registry: Registry, options: { defaultMetrics?: boolean } = {}) {
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: `${PREFIX}http_requests_total`,
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: "HTTP request duration by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    events: new Counter({
      name: `${PREFIX}events_total`,
      help: "Events by outcome: accepted (in Kafka), rejected (answered as rejected), dlq (written to the DLQ)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    dlqEvents: new Counter({
      name: `${PREFIX}dlq_events_total`,
      help: "Events written to the dead-letter topic, by reason code",
      labelNames: ["reason"] as const,
      registers,
    }),
    produceDuration: new Histogram({
      name: `${PREFIX}kafka_produce_duration_seconds`,
      help: "Time from sending a batch to Kafka until its acknowledgement (or failure), by topic kind",
      labelNames: ["topic", "result"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchSize: new Histogram({
      name: `${PREFIX}kafka_batch_records`,
      help: "Records per produce request",
      buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
      registers,
    }),
    kafkaErrors: new Counter({
      name: `${PREFIX}kafka_errors_total`,
      help: "Failed produce requests by error kind (timeout, connection, broker, record, unknown)",
      labelNames: ["kind"] as const,
      registers,
    }),
    producerThreadExits: new Counter({
      name: `${PREFIX}kafka_producer_thread_exits_total`,
      help: "Unexpected exits of the Kafka producer thread (each is followed by a restart); alert on any",
      registers,
    }),
    inflightBytes: new Gauge({
      name: `${PREFIX}inflight_bytes`,
      help: "Bytes of events accepted for processing and not yet answered",
      registers,
    }),
    ready: new Gauge({
      name: `${PREFIX}ready`,
      help: "1 when the instance reports ready on /readyz, else 0",
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
