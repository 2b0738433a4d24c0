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
/** A boolean whose absence is told apart from "false" (KAFKA_SSL: on by default for the cloud mechanisms). */
const optionalBool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "true" || v === "1" || v === "yes"));

/** SASL mechanisms with a username and password. */
const PASSWORD_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;
/**
 * SASL/OAUTHBEARER with a token from the workload's cloud identity (src/kafka/auth): no username or
 * password, TLS required.
 */
export const CLOUD_MECHANISMS = ["aws-msk-iam", "oauthbearer-gcp", "oauthbearer-azure"] as const;
export type CloudMechanism = (typeof CLOUD_MECHANISMS)[number];
const isCloudMechanism = (m: string | undefined): m is CloudMechanism =>
  (CLOUD_MECHANISMS as readonly (string | undefined)[]).includes(m);
/** What each cloud mechanism authenticates with, for error messages. */
const CLOUD_IDENTITY: Record<CloudMechanism, string> = {
  "aws-msk-iam": "an IAM-signed token from the AWS default credential chain",
  "oauthbearer-gcp": "an access token from Google application default credentials",
  "oauthbearer-azure": "an Entra ID token from workload identity",
};
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const EVENT_HUBS_NAMESPACE = /^[a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9]$/;
const EVENT_HUBS_HOST =
  /^([a-zA-Z][a-zA-Z0-9-]{4,48}[a-zA-Z0-9])\.servicebus\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)$/;

/**
 * The Event Hubs host whose `/.default` scope the Entra ID token is for: from
 * KAFKA_AZURE_EVENTHUBS_NAMESPACE (a namespace name or its host), else from the first broker when it is an
 * Event Hubs host (`<namespace>.servicebus.windows.net:9093`).
 */
export function eventHubsHost(namespace: string | undefined, brokers: readonly string[]): string | undefined {
  if (namespace !== undefined) {
    if (EVENT_HUBS_NAMESPACE.test(namespace)) return `${namespace}.servicebus.windows.net`;
    return EVENT_HUBS_HOST.test(namespace) ? namespace : undefined;
  }
  const host = brokers[0]?.replace(/:\d+$/, "");
  return host !== undefined && EVENT_HUBS_HOST.test(host) ? host : undefined;
}
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
    // Unset: off, except with a cloud mechanism (CLOUD_MECHANISMS), which requires TLS.
    KAFKA_SSL: optionalBool,
    KAFKA_SSL_CA: z.string().optional(),
    KAFKA_SSL_REJECT_UNAUTHORIZED: bool(true),
    KAFKA_SASL_MECHANISM: z.enum([...PASSWORD_MECHANISMS, ...CLOUD_MECHANISMS]).optional(),
    KAFKA_SASL_USERNAME: z.string().min(1).optional(),
    KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
    // Read only with KAFKA_SASL_MECHANISM=aws-msk-iam (the MSK cluster's region; the SDK reads it too).
    AWS_REGION: z.string().optional(),
    // Read only with KAFKA_SASL_MECHANISM=oauthbearer-azure; default: from the first broker's host.
    KAFKA_AZURE_EVENTHUBS_NAMESPACE: z.string().optional(),
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
    // Which client sits behind the KafkaPort: librdkafka (@confluentinc/kafka-javascript, maintained,
    // idempotent, lower latency and CPU per event in docs/bench.md) or kafkajs (unmaintained since 2023).
    KAFKA_CLIENT: z.enum(["librdkafka", "kafkajs"]).default("librdkafka"),
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
    // Events per second per API key (per instance); 0: no limit. The burst defaults to max(rate, MAX_BATCH_EVENTS).
    RATE_LIMIT_EVENTS_PER_SECOND: int(0, 0),
    RATE_LIMIT_BURST: int(0, 0),
    SHUTDOWN_DELAY_MS: ms(5_000, 0),
    SHUTDOWN_TIMEOUT_MS: ms(25_000, 100),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine(
    (c, ctx) => {
      const mechanism = c.KAFKA_SASL_MECHANISM;
      const sasl = [mechanism, c.KAFKA_SASL_USERNAME, c.KAFKA_SASL_PASSWORD];
      if (isCloudMechanism(mechanism)) {
        for (const issue of cloudSaslProblems(mechanism, c)) ctx.addIssue({ code: "custom", ...issue });
      } else if (sasl.some((v) => v !== undefined) && sasl.some((v) => v === undefined)) {
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
      if (c.RATE_LIMIT_BURST > 0 && c.RATE_LIMIT_BURST < c.MAX_BATCH_EVENTS) {
        ctx.addIssue({
          code: "custom",
          path: ["RATE_LIMIT_BURST"],
          message: "must be at least MAX_BATCH_EVENTS (a full batch could never pass)",
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

/** What a cloud mechanism needs, each missing or conflicting setting with its own message. */
function cloudSaslProblems(
  mechanism: CloudMechanism,
  c: Pick<
    Env,
    | "KAFKA_SSL"
    | "KAFKA_SASL_USERNAME"
    | "KAFKA_SASL_PASSWORD"
    | "AWS_REGION"
    | "KAFKA_AZURE_EVENTHUBS_NAMESPACE"
    | "KAFKA_BROKERS"
  >,
): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const uses = `KAFKA_SASL_MECHANISM=${mechanism} authenticates with ${CLOUD_IDENTITY[mechanism]}`;
  for (const name of ["KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"] as const) {
    if (c[name] !== undefined) problems.push({ path: [name], message: `must not be set: ${uses}` });
  }
  if (c.KAFKA_SSL === false) {
    problems.push({
      path: ["KAFKA_SSL"],
      message: `must not be false with KAFKA_SASL_MECHANISM=${mechanism}: its OAUTHBEARER token is a bearer credential and the cloud accepts it over TLS only (unset KAFKA_SSL or set it to true)`,
    });
  }
  if (mechanism === "aws-msk-iam") {
    if (c.AWS_REGION === undefined)
      problems.push({
        path: ["AWS_REGION"],
        message:
          "is required with KAFKA_SASL_MECHANISM=aws-msk-iam: the MSK cluster's region (e.g. eu-west-1), which the token is signed for; credentials come from the AWS default chain (EKS Pod Identity, IRSA, environment, instance role)",
      });
    else if (!AWS_REGION.test(c.AWS_REGION))
      problems.push({
        path: ["AWS_REGION"],
        message: `"${c.AWS_REGION}" is not an AWS region such as eu-west-1`,
      });
  }
  // An invalid KAFKA_BROKERS reaches here unparsed (refinements run on invalid input too; it has its own issue).
  const brokers: unknown = c.KAFKA_BROKERS;
  const brokerList = Array.isArray(brokers) ? (brokers as string[]) : [];
  if (
    mechanism === "oauthbearer-azure" &&
    eventHubsHost(c.KAFKA_AZURE_EVENTHUBS_NAMESPACE, brokerList) === undefined
  ) {
    problems.push({
      path: ["KAFKA_AZURE_EVENTHUBS_NAMESPACE"],
      message:
        c.KAFKA_AZURE_EVENTHUBS_NAMESPACE === undefined
          ? "is required with KAFKA_SASL_MECHANISM=oauthbearer-azure when KAFKA_BROKERS is not <namespace>.servicebus.windows.net:9093: the Event Hubs namespace (my-namespace or my-namespace.servicebus.windows.net) whose https://<namespace>.servicebus.windows.net/.default scope the Entra ID token is for"
          : `"${c.KAFKA_AZURE_EVENTHUBS_NAMESPACE}" is neither an Event Hubs namespace name (6-50 letters, digits, hyphens) nor its host (<namespace>.servicebus.windows.net)`,
    });
  }
  return problems;
}

/** SASL with a username and password. */
export interface PasswordSasl {
  readonly mechanism: (typeof PASSWORD_MECHANISMS)[number];
  readonly username: string;
  readonly password: string;
}
/** SASL/OAUTHBEARER with a token from the cloud identity of the workload (src/kafka/auth). */
export type CloudSasl =
  | { readonly mechanism: "aws-msk-iam"; readonly region: string }
  | { readonly mechanism: "oauthbearer-gcp" }
  | { readonly mechanism: "oauthbearer-azure"; readonly scope: string };

export interface Config {
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly topic: string;
    readonly dlqTopic: string;
    readonly clientId: string;
    readonly ssl: false | { readonly ca?: string; readonly rejectUnauthorized: boolean };
    readonly sasl?: PasswordSasl | CloudSasl;
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
    /** Events per second and burst per API key (per instance); absent: no limit. */
    readonly rateLimit?: { readonly perSecond: number; readonly burst: number };
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
  const mechanism = e.KAFKA_SASL_MECHANISM;
  const sasl: PasswordSasl | CloudSasl | undefined = isCloudMechanism(mechanism)
    ? cloudSasl(mechanism, e)
    : mechanism && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
      ? { mechanism, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD }
      : undefined;
  const config: Config = {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      topic: e.KAFKA_TOPIC,
      dlqTopic: e.KAFKA_DLQ_TOPIC,
      clientId: e.KAFKA_CLIENT_ID,
      ssl:
        (e.KAFKA_SSL ?? isCloudMechanism(mechanism))
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
      ...(e.RATE_LIMIT_EVENTS_PER_SECOND === 0
        ? {}
        : {
            rateLimit: {
              perSecond: e.RATE_LIMIT_EVENTS_PER_SECOND,
              burst: e.RATE_LIMIT_BURST || Math.max(e.RATE_LIMIT_EVENTS_PER_SECOND, e.MAX_BATCH_EVENTS),
            },
          }),
    },
    events: { defaultSource: e.DEFAULT_EVENT_SOURCE, dlqMaxPayloadBytes: e.DLQ_MAX_PAYLOAD_BYTES },
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
  };
  return deepFreeze(config);
}

/** The validated settings of a cloud mechanism (the schema refused the environment when one is missing). */
function cloudSasl(mechanism: CloudMechanism, e: Env): CloudSasl {
  switch (mechanism) {
    case "aws-msk-iam":
      return { mechanism, region: e.AWS_REGION ?? "" };
    case "oauthbearer-gcp":
      return { mechanism };
    case "oauthbearer-azure":
      return {
        mechanism,
        scope: `https://${eventHubsHost(e.KAFKA_AZURE_EVENTHUBS_NAMESPACE, e.KAFKA_BROKERS) ?? ""}/.default`,
      };
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
