// The ingestor's settings contract: every environment variable it reads, with its kind, default and limits.
// Dependency-free on purpose: k8s-app and stack import it (`@event-ingestor/ingestor/settings`) to name, default
// and check settings without restating them, and without loading zod, Kafka clients or Hono. config.ts builds
// its zod schema from this table, so adding a setting is one edit here.

/** Node's timers overflow above this (2^31-1 ms) and fire at once: every request would then time out. */
export const MAX_TIMER_MS = 2_147_483_647;

/** SASL mechanisms with a username and password. */
export const PASSWORD_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;
/** SASL/OAUTHBEARER with a token from the workload's cloud identity (src/kafka/auth): no password, TLS required. */
export const CLOUD_MECHANISMS = ["aws-msk-iam", "oauthbearer-gcp", "oauthbearer-azure"] as const;
export const SASL_MECHANISMS = [...PASSWORD_MECHANISMS, ...CLOUD_MECHANISMS] as const;
export type CloudMechanism = (typeof CLOUD_MECHANISMS)[number];
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

export const KAFKA_CLIENTS = ["librdkafka", "kafkajs"] as const;
export const PRODUCER_THREADS = ["worker", "main"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
/** SCHEMA_MODE: `off` validates nothing; `known` the types with a schema in SCHEMA_DIR; `strict` also refuses the rest. */
export const SCHEMA_MODES = ["off", "known", "strict"] as const;
export const BOOLEAN_WORDS = ["true", "false", "1", "0", "yes", "no"] as const;

/** A value of KAFKA_BROKERS: `host:port` (the port is checked for 1-65535 by `brokerProblem`). */
export const BROKER_ADDRESS = /^[^\s:]+:(\d{1,5})$/;

/** Why one `host:port` entry of KAFKA_BROKERS is not a broker address; undefined when it is one. */
export function brokerProblem(broker: string): string | undefined {
  const port = BROKER_ADDRESS.exec(broker)?.[1];
  if (port === undefined) return "each broker must be host:port";
  const n = Number(port);
  return n < 1 || n > 65_535 ? `port ${port} is not within 1-65535` : undefined;
}

/** How a setting's string is read. `required`: no default and no "unset". */
export type SettingSpec =
  | { readonly kind: "brokers" }
  | { readonly kind: "string"; readonly default?: string }
  | { readonly kind: "int"; readonly default: number; readonly min: number; readonly max?: number }
  | { readonly kind: "ms"; readonly default: number; readonly min: number }
  | { readonly kind: "bool"; readonly default: boolean }
  | { readonly kind: "optionalBool" }
  | { readonly kind: "enum"; readonly values: readonly string[]; readonly default?: string }
  | { readonly kind: "list" }
  | { readonly kind: "origins" }
  | { readonly kind: "keyLimits" };

/** One entry of RATE_LIMIT_PER_KEY: `<key id>=<events per second>[/<burst>]`; a rate of 0 is no limit. */
export interface KeyRateLimit {
  readonly id: string;
  readonly perSecond: number;
  readonly burst?: number;
}

/**
 * Every setting. Comments say why a default is what it is; README.md's table documents each for operators
 * (a test keeps its defaults equal to these).
 */
export const SETTINGS = {
  KAFKA_BROKERS: { kind: "brokers" },
  KAFKA_TOPIC: { kind: "string", default: "events" },
  KAFKA_DLQ_TOPIC: { kind: "string", default: "events.dlq" },
  KAFKA_CLIENT_ID: { kind: "string", default: "event-ingestor" },
  // Unset: off, except with a cloud mechanism (CLOUD_MECHANISMS), which requires TLS.
  KAFKA_SSL: { kind: "optionalBool" },
  KAFKA_SSL_CA: { kind: "string" },
  KAFKA_SSL_REJECT_UNAUTHORIZED: { kind: "bool", default: true },
  KAFKA_SASL_MECHANISM: { kind: "enum", values: SASL_MECHANISMS },
  KAFKA_SASL_USERNAME: { kind: "string" },
  KAFKA_SASL_PASSWORD: { kind: "string" },
  // Read only with KAFKA_SASL_MECHANISM=aws-msk-iam (the MSK cluster's region; the SDK reads it too).
  AWS_REGION: { kind: "string" },
  // Read only with KAFKA_SASL_MECHANISM=oauthbearer-azure; default: from the first broker's host.
  KAFKA_AZURE_EVENTHUBS_NAMESPACE: { kind: "string" },
  KAFKA_DELIVERY_TIMEOUT_MS: { kind: "ms", default: 10_000, min: 100 },
  KAFKA_REQUEST_TIMEOUT_MS: { kind: "ms", default: 5_000, min: 100 },
  KAFKA_LINGER_MS: { kind: "ms", default: 5, min: 0 },
  // How old the producer's and the service's view of the topics (partitions, limits, replication) may get.
  // Also under Azure Event Hubs' 240 s idle cut, so metadata requests keep the connection warm.
  KAFKA_METADATA_MAX_AGE_MS: { kind: "ms", default: 5_000, min: 100 },
  // Below this replication factor / min.insync.replicas the instance refuses to become ready: acks=all
  // means one copy on a topic with one replica. 1 is for local development only (README).
  KAFKA_MIN_ISR_REQUIRED: { kind: "int", default: 2, min: 1, max: 1_000 },
  // Partitions of each topic created by create-topics.js (deploy-time topic creation, e.g. MSK Serverless).
  KAFKA_TOPIC_PARTITIONS: { kind: "int", default: 6, min: 1, max: 10_000 },
  KAFKA_BATCH_MAX_RECORDS: { kind: "int", default: 500, min: 1 },
  // Azure Event Hubs closes connections on produce requests of 1,046,528 bytes or more.
  KAFKA_BATCH_MAX_BYTES: { kind: "int", default: 921_600, min: 1024 },
  // Off by default for kafkajs: with its idempotent producer, a broker restart lost 2 events the service had
  // acknowledged (outage integration test, 2026-11-27; the records were in no log segment). kafkajs reuses
  // the sequence number of a request whose response was lost, and the broker answers the next, different
  // batch as a duplicate without writing it. librdkafka is always idempotent (src/kafka/librdkafka-config.ts).
  KAFKA_IDEMPOTENT: { kind: "bool", default: false },
  // "worker": kafkajs runs on its own thread, so encoding records does not compete with HTTP for one core.
  KAFKA_PRODUCER_THREAD: { kind: "enum", values: PRODUCER_THREADS, default: "worker" },
  // librdkafka (@confluentinc/kafka-javascript, maintained, idempotent, lower latency and CPU per event in
  // docs/bench.md) or kafkajs (unmaintained since 2023).
  KAFKA_CLIENT: { kind: "enum", values: KAFKA_CLIENTS, default: "librdkafka" },
  PORT: { kind: "int", default: 8080, min: 0, max: 65_535 },
  // Stalled clients: the whole request head must arrive within the first, head and body within the second.
  HTTP_HEADERS_TIMEOUT_MS: { kind: "ms", default: 10_000, min: 100 },
  HTTP_REQUEST_TIMEOUT_MS: { kind: "ms", default: 30_000, min: 100 },
  MAX_BODY_BYTES: { kind: "int", default: 1_048_576, min: 1 },
  MAX_EVENT_BYTES: { kind: "int", default: 262_144, min: 1 },
  MAX_BATCH_EVENTS: { kind: "int", default: 1_000, min: 1 },
  MAX_INFLIGHT_BYTES: { kind: "int", default: 67_108_864, min: 1024 },
  MAX_JSON_DEPTH: { kind: "int", default: 64, min: 2 },
  DLQ_MAX_PAYLOAD_BYTES: { kind: "int", default: 16_384, min: 0 },
  DEFAULT_EVENT_SOURCE: { kind: "string", default: "/event-ingestor" },
  API_KEYS: { kind: "list" },
  // Browser origins allowed to POST /events (CORS); unset: no CORS headers at all.
  CORS_ORIGINS: { kind: "origins" },
  // Events per second per API key (per instance); 0: no limit. The burst defaults to max(rate, MAX_BATCH_EVENTS).
  RATE_LIMIT_EVENTS_PER_SECOND: { kind: "int", default: 0, min: 0 },
  RATE_LIMIT_BURST: { kind: "int", default: 0, min: 0 },
  // Limits of single keys in place of the two above, by the key ids of API_KEYS (`id:key`): `mobile=100/1000,batch=5000`,
  // events per second and an optional burst (default max(rate, MAX_BATCH_EVENTS), at least MAX_BATCH_EVENTS);
  // a rate of 0 exempts the key.
  RATE_LIMIT_PER_KEY: { kind: "keyLimits" },
  // Per-type JSON Schemas of event data: `<type>.json` files in a folder (k8s-app mounts a ConfigMap there).
  // Required unless SCHEMA_MODE is off; read and compiled once at start (src/schema).
  SCHEMA_DIR: { kind: "string" },
  // Off by default: validation costs a JSON parse per event, and a schema is the operator's decision.
  SCHEMA_MODE: { kind: "enum", values: SCHEMA_MODES, default: "off" },
  // An OTLP/HTTP collector's base URL (spans go to <endpoint>/v1/traces); unset: no tracing at all (src/telemetry).
  OTEL_EXPORTER_OTLP_ENDPOINT: { kind: "string" },
  OTEL_SERVICE_NAME: { kind: "string", default: "event-ingestor" },
  // The load balancer's view of readiness must turn before the listener closes (k8s-app's preStop uses it).
  SHUTDOWN_DELAY_MS: { kind: "ms", default: 5_000, min: 0 },
  SHUTDOWN_TIMEOUT_MS: { kind: "ms", default: 25_000, min: 100 },
  LOG_LEVEL: { kind: "enum", values: LOG_LEVELS, default: "info" },
  // JSON lines for log pipelines; "auto" writes readable lines instead when stdout is a terminal (make dev).
  LOG_FORMAT: { kind: "enum", values: LOG_FORMATS, default: "auto" },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

/** Settings that may be secret: each may come as `<NAME>_FILE` (a mounted Secret); KAFKA_SSL_CA only as a file. */
export const SECRET_SETTINGS = [
  "KAFKA_SASL_USERNAME",
  "KAFKA_SASL_PASSWORD",
  "API_KEYS",
  "KAFKA_SSL_CA",
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];
export const fileVariant = (name: SecretSetting): `${SecretSetting}_FILE` => `${name}_FILE`;

/** The default of a setting that has one. */
export function defaultOf<N extends SettingName>(name: N): DefaultOf<(typeof SETTINGS)[N]> {
  return (SETTINGS[name] as { default?: unknown }).default as DefaultOf<(typeof SETTINGS)[N]>;
}
type DefaultOf<S> = S extends { readonly default: infer D } ? D : undefined;

/** The value a setting parses to. */
type ValueOf<S> = S extends { kind: "int" | "ms" }
  ? number
  : S extends { kind: "bool" }
    ? boolean
    : S extends { kind: "optionalBool" }
      ? boolean | undefined
      : S extends { kind: "enum"; values: readonly (infer V)[] }
        ? S extends { default: string }
          ? V
          : V | undefined
        : S extends { kind: "brokers" }
          ? string[]
          : S extends { kind: "list" | "origins" }
            ? string[] | undefined
            : S extends { kind: "keyLimits" }
              ? KeyRateLimit[] | undefined
              : S extends { default: string }
                ? string
                : string | undefined;

/** The parsed environment: one value per setting, typed from the table above. */
export type SettingValues = { [N in SettingName]: ValueOf<(typeof SETTINGS)[N]> };

/** Heap the kafkajs producer thread gets (`resourceLimits.maxOldGenerationSizeMb`); k8s-app reserves it. */
export const PRODUCER_THREAD_HEAP_MIB = 64;

/** Share of the container's memory limit the HTTP thread's V8 old generation may use; the rest is young
 * generation, Node and librdkafka native memory, socket buffers, and the kafkajs thread's heap when there is one. */
export const HEAP_SHARE_OF_LIMIT = 0.6;
/**
 * Bound of each young-generation semi-space (MiB). Node 24's V8 grows it to 64 MiB under bursts: in the bench's
 * overload scenario (640 connections of 250 KB batches) the young generation reached 128 MiB and RSS ~400 MB;
 * at 16 MiB RSS peaked at 290-300 MB, at 8 MiB no lower beyond noise (2026-12-02).
 */
export const SEMI_SPACE_MIB = 16;
/**
 * The same bound when kafkajs' producer thread shares the limit (it has its own isolate, 64 MiB old and 8 MiB young
 * generation): at 16 MiB, S2/S3 with kafkajs peaked at 260-265 MB in a 256 MiB pod; at 8 MiB 233-238 MB, for ~30%
 * more CPU per event (46-48 -> 63-70 µs, 2026-12-02). Memory first: the pod's limit is what the kernel enforces.
 */
export const SEMI_SPACE_WITH_THREAD_MIB = 8;

/**
 * The in-flight budget (MAX_INFLIGHT_BYTES) for a container with `limitBytes` of memory: an eighth. The budget
 * counts 2x the bytes a request has received and 10x a complete body; the process's real cost was ~2.5x that
 * under overload (640 connections of 250 KB batches, broker frozen: 64 MiB -> RSS 300-320 MB, 32 MiB -> 245 MB,
 * 2026-12-02). An eighth keeps the default pod (512 MiB) at the default budget and a 256 MiB pod under its limit.
 */
export function inflightBytesFor(limitBytes: number): number {
  return Math.max(SETTINGS.MAX_INFLIGHT_BYTES.min, Math.floor(limitBytes / 8));
}

/**
 * NODE_OPTIONS for a container with `limitBytes` of memory: heap bounds that make V8 collect before the kernel's
 * OOM killer acts. k8s-app sets them on the Deployment; the bench runs the ingestor with them.
 */
export function nodeOptionsFor(limitBytes: number, producerThread: boolean): string {
  const thread = producerThread ? PRODUCER_THREAD_HEAP_MIB : 0;
  const mib = Math.max(64, Math.floor((limitBytes * HEAP_SHARE_OF_LIMIT) / 1024 ** 2) - thread);
  const semi = producerThread ? SEMI_SPACE_WITH_THREAD_MIB : SEMI_SPACE_MIB;
  return `--max-old-space-size=${mib} --max-semi-space-size=${semi}`;
}

/**
 * Whether the ingestor runs a Kafka producer thread of its own: only kafkajs does (KAFKA_CLIENT=kafkajs, with
 * KAFKA_PRODUCER_THREAD other than "main"); librdkafka, the default, has native threads and no second V8 heap.
 */
export function hasProducerThread(config: Readonly<Record<string, string | undefined>>): boolean {
  const client = config["KAFKA_CLIENT"] ?? defaultOf("KAFKA_CLIENT");
  const thread = config["KAFKA_PRODUCER_THREAD"] ?? defaultOf("KAFKA_PRODUCER_THREAD");
  return client === "kafkajs" && thread === "worker";
}
