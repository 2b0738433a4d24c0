import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";

const PREFIX = "ingestor_";

/**
 * Milliseconds an event loop has been busy since its thread started (performance.eventLoopUtilization's
 * `active`); undefined while unknown. A value below the previous one means the thread was replaced.
 */
export type LoopClock = () => number | undefined;

export interface MetricsOptions {
  readonly defaultMetrics?: boolean;
  /** Event loops to report busy time for, by thread name (`http`, `kafka-producer`). */
  readonly eventLoops?: Readonly<Record<string, LoopClock>>;
}

/**
 * Node's default process metrics under their standard names (`process_*`, `nodejs_*`), so the usual Node.js
 * dashboards and alerts work unchanged; the service's own metrics carry `ingestor_`. The gauges prom-client
 * names `*_total` (nodejs_active_handles_total, ...) are dropped: `_total` means a counter (OpenMetrics), and
 * `sum(nodejs_active_handles)` gives the same number.
 */
function collectStandardMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const metric of registry.getMetricsAsArray()) {
    const { name } = metric as unknown as { name: string };
    if (metric instanceof Gauge && name.endsWith("_total")) registry.removeSingleMetric(name);
  }
}

/** Every metric the service exports, on an injected registry (no global state). Labels stay low-cardinality. */
export function createMetrics(registry: Registry, options: MetricsOptions = {}) {
  if (options.defaultMetrics ?? true) collectStandardMetrics(registry);
  const registers = [registry];
  const loops = options.eventLoops ?? {};
  const lastBusyMs = new Map<string, number>();
  return {
    registry,
    eventLoopBusy: new Counter({
      name: `${PREFIX}event_loop_busy_seconds_total`,
      help: "Seconds each thread's event loop was busy; rate() is that thread's utilization (1 = saturated)",
      labelNames: ["thread"] as const,
      registers,
      collect() {
        for (const [thread, clock] of Object.entries(loops)) {
          const now = clock();
          if (now === undefined) continue;
          const last = lastBusyMs.get(thread) ?? 0;
          // A replaced thread counts from 0 again: its whole busy time is new.
          this.inc({ thread }, (now >= last ? now - last : now) / 1000);
          lastBusyMs.set(thread, now);
        }
      },
    }),
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
    httpErrors: new Counter({
      name: `${PREFIX}http_errors_total`,
      help: "Error responses by route and stable error code (README: Error codes); 503s told apart by cause",
      labelNames: ["route", "code"] as const,
      registers,
    }),
    events: new Counter({
      name: `${PREFIX}events_total`,
      help: "Events by outcome: accepted (in Kafka), rejected (answered as rejected), dlq (written to the DLQ)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    keyEvents: new Counter({
      name: `${PREFIX}key_events_total`,
      help: "Events by API key id (API_KEYS; 'anonymous' without auth) and outcome: accepted, rejected, rate_limited",
      labelNames: ["key_id", "outcome"] as const,
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
