import { z } from "zod";

/** Raised at start-up when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Node's timers overflow above this (2^31-1 ms) and fire at once: every request would then time out. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Whole numbers only: `z.coerce.number()` took `PORT=' '` as 0 (a random port) and `1e3` as 1000. */
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(def);
const ms = (def: number, min = 0) => int(def, min, MAX_TIMER_MS);
const bool = (def: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(def ? "true" : "false")
    .transform((v) => v === "true" || v === "1" || v === "yes");
const list = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  )
  .pipe(z.array(z.string()).min(1, "must list at least one value"));

/** A browser origin (`https://app.example.com[:port]`), normalised as browsers serialise it. */
const origin = z.string().transform((v, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  const bare = url !== undefined && (url.pathname === "/" || url.pathname === "") && !url.search && !url.hash;
  if (url === undefined || !/^https?:$/.test(url.protocol) || !bare || url.username || url.password) {
    ctx.addIssue({
      code: "custom",
      message: `'${v}' is not an origin (scheme://host[:port], http or https)`,
    });
    return z.NEVER;
  }
  return url.origin;
});

const BROKER = /^[^\s:]+:(\d{1,5})$/;
const brokerList = list.pipe(
  z
    .array(
      z.string().superRefine((b, ctx) => {
        const port = BROKER.exec(b)?.[1];
        if (port === undefined) ctx.addIssue({ code: "custom", message: "each broker must be host:port" });
        else if (Number(port) < 1 || Number(port) > 65_535)
          ctx.addIssue({ code: "custom", message: `port ${port} is not within 1-65535` });
      }),
    )
    .min(1),
);

/** One schema gives the runtime check and the TypeScript type (no interface declared twice). */
const schema = z
  .object({
    KAFKA_BROKERS: brokerList,
    KAFKA_TOPIC: z.string().min(1).default("events"),
    KAFKA_DLQ_TOPIC: z.string().min(1).default("events.dlq"),
    KAFKA_CLIENT_ID: z.string().min(1).default("event-ingestor"),
    KAFKA_SSL: bool(false),
    KAFKA_SSL_CA: z.string().optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: bool(true),
    KAFKA_SASL_MECHANISM: z.enum(["plain", "scram-sha-256", "scram-sha-512"]).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    KAFKA_DELIVERY_TIMEOUT_MS: ms(10_000, 100),
    KAFKA_REQUEST_TIMEOUT_MS: ms(5_000, 100),
    KAFKA_LINGER_MS: ms(5, 0),
    // How old the producer's and the service's view of the topics (partitions, limits, replication) may get.
    KAFKA_METADATA_MAX_AGE_MS: ms(5_000, 100),
    // Below this replication factor / min.insync.replicas the instance refuses to become ready: acks=all
    // means one copy on a topic with one replica. 1 is for local development only (README).
    KAFKA_MIN_ISR_REQUIRED: int(2, 1, 1_000),
    KAFKA_BATCH_MAX_RECORDS: int(500, 1),
    // Azure Event Hubs closes connections on produce requests of 1,046,528 bytes or more.
    KAFKA_BATCH_MAX_BYTES: int(921_600, 1024),
    // Off by default: with kafkajs' idempotent producer, a broker restart lost 2 events the service had
    // acknowledged (outage integration test, 2026-11-27; the records were in no log segment). kafkajs reuses
    // the sequence number of a request whose response was lost, and the broker answers the next, different
    // batch as a duplicate without writing it. Without idempotence a retry can duplicate (ce_id de-duplicates)
    // but an acknowledgement always means written.
    KAFKA_IDEMPOTENT: bool(false),
    // "worker": kafkajs runs on its own thread, so encoding records does not compete with HTTP for one core.
    KAFKA_PRODUCER_THREAD: z.enum(["worker", "main"]).default("worker"),
    // Which client sits behind the KafkaPort: librdkafka (@confluentinc/kafka-javascript) or kafkajs.
    KAFKA_CLIENT: z.enum(["librdkafka", "kafkajs"]).default("kafkajs"),
    PORT: int(8080, 0, 65_535),
    // Stalled clients: the whole request head must arrive within the first, head and body within the second.
    HTTP_HEADERS_TIMEOUT_MS: ms(10_000, 100),
    HTTP_REQUEST_TIMEOUT_MS: ms(30_000, 100),
    MAX_BODY_BYTES: int(1_048_576, 1),
    MAX_EVENT_BYTES: int(262_144, 1),
    MAX_BATCH_EVENTS: int(1_000, 1),
    MAX_INFLIGHT_BYTES: int(67_108_864, 1024),
    MAX_JSON_DEPTH: int(64, 2),
    DLQ_MAX_PAYLOAD_BYTES: int(16_384, 0),
    DEFAULT_EVENT_SOURCE: z.string().min(1).default("/event-ingestor"),
    API_KEYS: list.optional(),
    // Browser origins allowed to POST /events (CORS); unset: no CORS headers at all.
    CORS_ORIGINS: list.pipe(z.array(origin)).optional(),
    SHUTDOWN_DELAY_MS: ms(5_000, 0),
    SHUTDOWN_TIMEOUT_MS: ms(25_000, 100),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine(
    (c, ctx) => {
      const sasl = [c.KAFKA_SASL_MECHANISM, c.KAFKA_SASL_USERNAME, c.KAFKA_SASL_PASSWORD];
      if (sasl.some((v) => v !== undefined) && sasl.some((v) => v === undefined)) {
        ctx.addIssue({
          code: "custom",
          path: ["KAFKA_SASL_MECHANISM"],
          message: "KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together",
        });
      }
      if (c.MAX_EVENT_BYTES > c.MAX_BODY_BYTES) {
        ctx.addIssue({
          code: "custom",
          path: ["MAX_EVENT_BYTES"],
          message: "must not exceed MAX_BODY_BYTES",
        });
      }
      if (c.KAFKA_BATCH_MAX_BYTES < c.MAX_EVENT_BYTES) {
        ctx.addIssue({
          code: "custom",
          path: ["KAFKA_BATCH_MAX_BYTES"],
          message: "must be at least MAX_EVENT_BYTES (one event must fit a batch)",
        });
      }
      if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS) {
        ctx.addIssue({
          code: "custom",
          path: ["HTTP_HEADERS_TIMEOUT_MS"],
          message: "must not exceed HTTP_REQUEST_TIMEOUT_MS",
        });
      }
      if (c.SHUTDOWN_DELAY_MS >= c.SHUTDOWN_TIMEOUT_MS) {
        ctx.addIssue({
          code: "custom",
          path: ["SHUTDOWN_DELAY_MS"],
          message: "must be below SHUTDOWN_TIMEOUT_MS",
        });
      }
      // zod skips refinements once a field is invalid; run them anyway so start-up lists every problem at once
      // (invalid fields compare as NaN/undefined here and add nothing spurious).
    },
    { when: () => true },
  );

type Env = z.output<typeof schema>;

export interface Config {
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly topic: string;
    readonly dlqTopic: string;
    readonly clientId: string;
    readonly ssl: false | { readonly ca?: string; readonly rejectUnauthorized: boolean };
    readonly sasl?: {
      readonly mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
      readonly username: string;
      readonly password: string;
    };
    readonly deliveryTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly lingerMs: number;
    readonly metadataMaxAgeMs: number;
    readonly minIsrRequired: number;
    readonly batchMaxRecords: number;
    readonly batchMaxBytes: number;
    readonly idempotent: boolean;
    readonly producerThread: "worker" | "main";
    readonly client: "librdkafka" | "kafkajs";
  };
  readonly http: {
    readonly port: number;
    readonly headersTimeoutMs: number;
    readonly requestTimeoutMs: number;
    readonly maxBodyBytes: number;
    readonly maxEventBytes: number;
    readonly maxBatchEvents: number;
    readonly maxInflightBytes: number;
    readonly maxJsonDepth: number;
    readonly apiKeys: readonly string[];
    readonly corsOrigins: readonly string[];
  };
  readonly events: { readonly defaultSource: string; readonly dlqMaxPayloadBytes: number };
  readonly shutdown: { readonly delayMs: number; readonly timeoutMs: number };
  readonly logLevel: Env["LOG_LEVEL"];
}

/** Secrets may come as NAME_FILE (a mounted Kubernetes Secret); the CA bundle only as a file. */
const FILE_VARIANTS = ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "API_KEYS", "KAFKA_SSL_CA"] as const;

export type ReadFile = (path: string) => string;

function resolveFiles(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile,
  problems: string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of FILE_VARIANTS) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === "") continue;
    if (env[name] !== undefined && env[name] !== "") {
      problems.push(`${name} and ${name}_FILE are both set; set only one`);
      continue;
    }
    try {
      out[name] = name === "KAFKA_SSL_CA" ? readFile(path) : readFile(path).trim();
    } catch (err) {
      problems.push(`${name}_FILE: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  // Empty strings mean "unset", as a Kubernetes env entry with an empty value usually does.
  for (const [key, value] of Object.entries(out)) if (value === "") out[key] = undefined;
  return out;
}

/** Parses the environment once, at start-up. Throws ConfigError naming every problem. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>, readFile: ReadFile): Config {
  const problems: string[] = [];
  const resolved = resolveFiles(env, readFile, problems);
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join(".");
      problems.push(`${key}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  const e = parsed.data;
  const sasl =
    e.KAFKA_SASL_MECHANISM && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
      ? {
          mechanism: e.KAFKA_SASL_MECHANISM,
          username: e.KAFKA_SASL_USERNAME,
          password: e.KAFKA_SASL_PASSWORD,
        }
      : undefined;
  const config: Config = {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      topic: e.KAFKA_TOPIC,
      dlqTopic: e.KAFKA_DLQ_TOPIC,
      clientId: e.KAFKA_CLIENT_ID,
      ssl: e.KAFKA_SSL
        ? {
            rejectUnauthorized: e.KAFKA_SSL_REJECT_UNAUTHORIZED,
            ...(e.KAFKA_SSL_CA === undefined ? {} : { ca: e.KAFKA_SSL_CA }),
          }
        : false,
      ...(sasl === undefined ? {} : { sasl }),
      deliveryTimeoutMs: e.KAFKA_DELIVERY_TIMEOUT_MS,
      requestTimeoutMs: e.KAFKA_REQUEST_TIMEOUT_MS,
      lingerMs: e.KAFKA_LINGER_MS,
      metadataMaxAgeMs: e.KAFKA_METADATA_MAX_AGE_MS,
      minIsrRequired: e.KAFKA_MIN_ISR_REQUIRED,
      batchMaxRecords: e.KAFKA_BATCH_MAX_RECORDS,
      batchMaxBytes: e.KAFKA_BATCH_MAX_BYTES,
      idempotent: e.KAFKA_IDEMPOTENT,
      producerThread: e.KAFKA_PRODUCER_THREAD,
      client: e.KAFKA_CLIENT,
    },
    http: {
      port: e.PORT,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxEventBytes: e.MAX_EVENT_BYTES,
      maxBatchEvents: e.MAX_BATCH_EVENTS,
      maxInflightBytes: e.MAX_INFLIGHT_BYTES,
      maxJsonDepth: e.MAX_JSON_DEPTH,
      apiKeys: e.API_KEYS ?? [],
      corsOrigins: e.CORS_ORIGINS ?? [],
    },
    events: { defaultSource: e.DEFAULT_EVENT_SOURCE, dlqMaxPayloadBytes: e.DLQ_MAX_PAYLOAD_BYTES },
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
