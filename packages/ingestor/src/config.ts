import { z } from "zod";
import { parseApiKeys, parseKeyRateLimits, type ApiKey, type KeyRateLimit } from "./edge/api-keys.js";
import type { KeyLimit, RateLimit } from "./edge/rate-limit.js";
import type { PASSWORD_MECHANISMS } from "./settings.js";
import {
  BOOLEAN_WORDS,
  CLOUD_MECHANISMS,
  MAX_TIMER_MS,
  SECRET_SETTINGS,
  SETTING_NAMES,
  SETTINGS,
  brokerProblem,
  type CloudMechanism,
  type SettingName,
  type SettingSpec,
  type SettingValues,
} from "./settings.js";

export { CLOUD_MECHANISMS, MAX_TIMER_MS, type CloudMechanism } from "./settings.js";
export type { KeyLimit, RateLimit } from "./edge/rate-limit.js";

/** Raised at start-up when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Whole numbers only: `z.coerce.number()` took `PORT=' '` as 0 (a random port) and `1e3` as 1000. */
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .default(def);
const isTrue = (v: string) => v === "true" || v === "1" || v === "yes";
const bool = (def: boolean) =>
  z
    .enum(BOOLEAN_WORDS)
    .default(def ? "true" : "false")
    .transform(isTrue);
/** A boolean whose absence is told apart from "false" (KAFKA_SSL: on by default for the cloud mechanisms). */
const optionalBool = z
  .enum(BOOLEAN_WORDS)
  .optional()
  .transform((v) => (v === undefined ? undefined : isTrue(v)));

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

/** RATE_LIMIT_PER_KEY's syntax; its ids are checked against API_KEYS with the other cross-setting rules. */
const keyLimits = z.string().transform((text, ctx) => {
  const { limits, problems } = parseKeyRateLimits(text);
  for (const message of problems) ctx.addIssue({ code: "custom", message });
  return limits;
});

const brokerList = list.pipe(
  z
    .array(
      z.string().superRefine((b, ctx) => {
        const problem = brokerProblem(b);
        if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
      }),
    )
    .min(1),
);

/** The zod reading of one entry of the settings contract. */
function fieldOf(spec: SettingSpec): z.ZodType {
  switch (spec.kind) {
    case "brokers":
      return brokerList;
    case "string":
      return spec.default === undefined
        ? z.string().min(1).optional()
        : z.string().min(1).default(spec.default);
    case "int":
      return int(spec.default, spec.min, spec.max);
    case "ms":
      return int(spec.default, spec.min, MAX_TIMER_MS);
    case "bool":
      return bool(spec.default);
    case "optionalBool":
      return optionalBool;
    case "enum": {
      const values = z.enum(spec.values as [string, ...string[]]);
      return spec.default === undefined ? values.optional() : values.default(spec.default);
    }
    case "list":
      return list.optional();
    case "origins":
      return list.pipe(z.array(origin)).optional();
    case "keyLimits":
      return keyLimits.optional();
  }
}

/** The schema, built from the contract (src/settings.ts): its keys are exactly the contract's settings. */
export const settingsSchema = z.object(
  Object.fromEntries(SETTING_NAMES.map((name) => [name, fieldOf(SETTINGS[name])])) as Record<
    SettingName,
    z.ZodType
  >,
);

const schema = settingsSchema.superRefine(
  (raw, ctx) => {
    const c = raw as SettingValues;
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
    const below = (path: SettingName, message: string) => {
      ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (c.MAX_EVENT_BYTES > c.MAX_BODY_BYTES) below("MAX_EVENT_BYTES", "must not exceed MAX_BODY_BYTES");
    if (c.KAFKA_BATCH_MAX_BYTES < c.MAX_EVENT_BYTES)
      below("KAFKA_BATCH_MAX_BYTES", "must be at least MAX_EVENT_BYTES (one event must fit a batch)");
    if (c.HTTP_HEADERS_TIMEOUT_MS > c.HTTP_REQUEST_TIMEOUT_MS)
      below("HTTP_HEADERS_TIMEOUT_MS", "must not exceed HTTP_REQUEST_TIMEOUT_MS");
    if (c.RATE_LIMIT_BURST > 0 && c.RATE_LIMIT_BURST < c.MAX_BATCH_EVENTS)
      below("RATE_LIMIT_BURST", "must be at least MAX_BATCH_EVENTS (a full batch could never pass)");
    for (const { name, message } of keyProblems(c)) below(name, message);
    if (c.SHUTDOWN_DELAY_MS >= c.SHUTDOWN_TIMEOUT_MS)
      below("SHUTDOWN_DELAY_MS", "must be below SHUTDOWN_TIMEOUT_MS");
    if (c.SCHEMA_MODE !== "off" && c.SCHEMA_DIR === undefined)
      below(
        "SCHEMA_DIR",
        `is required with SCHEMA_MODE=${c.SCHEMA_MODE}: the folder of <event type>.json schemas`,
      );
    const otlp = c.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (otlp !== undefined && !/^https?:$/.test(URL.parse(otlp)?.protocol ?? ""))
      below(
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        `'${otlp}' is not an http(s) URL (e.g. http://otel-collector:4318)`,
      );
    // zod skips refinements once a field is invalid; run them anyway so start-up lists every problem at once
    // (invalid fields compare as NaN/undefined here and add nothing spurious).
  },
  { when: () => true },
);

type Env = SettingValues;

/** API_KEYS' ids (never a key in a message) and RATE_LIMIT_PER_KEY's references to them. */
function keyProblems(
  c: Pick<Env, "API_KEYS" | "RATE_LIMIT_PER_KEY" | "MAX_BATCH_EVENTS">,
): { name: SettingName; message: string }[] {
  // Either may have failed its own parsing (reported already) and arrive here unparsed.
  const entries: unknown = c.API_KEYS;
  const perKey: unknown = c.RATE_LIMIT_PER_KEY;
  const { keys, problems } = parseApiKeys(Array.isArray(entries) ? (entries as string[]) : []);
  const out: { name: SettingName; message: string }[] = problems.map((message) => ({
    name: "API_KEYS",
    message,
  }));
  if (!Array.isArray(perKey)) return out;
  const ids = new Set(keys.map((k) => k.id));
  const name = "RATE_LIMIT_PER_KEY";
  for (const { id, burst } of perKey as KeyRateLimit[]) {
    if (!ids.has(id))
      out.push({
        name,
        message:
          ids.size === 0
            ? `names key id '${id}' but API_KEYS is not set`
            : `names key id '${id}', which no API_KEYS entry has (ids: ${[...ids].join(", ")})`,
      });
    if (burst !== undefined && burst < c.MAX_BATCH_EVENTS)
      out.push({
        name,
        message: `${id}: a burst of ${String(burst)} is below MAX_BATCH_EVENTS (a full batch could never pass)`,
      });
  }
  return out;
}

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

/** TLS to the brokers: off, or on with an optional CA bundle. */
export type Ssl = false | { readonly ca?: string; readonly rejectUnauthorized: boolean };

type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
/** The parsed configuration; its shape is `toConfig`'s, not restated. */
export type Config = DeepReadonly<ReturnType<typeof toConfig>>;

export type ReadFile = (path: string) => string;

function resolveFiles(
  env: Readonly<Record<string, string | undefined>>,
  readFile: ReadFile,
  problems: string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  // Secrets may come as NAME_FILE (a mounted Kubernetes Secret); the CA bundle only as a file.
  for (const name of SECRET_SETTINGS) {
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
  return deepFreeze(toConfig(parsed.data as Env));
}

/** The settings, grouped by what reads them. The Config type is inferred from here: one declaration. */
function toConfig(e: Env) {
  const mechanism = e.KAFKA_SASL_MECHANISM;
  const sasl: PasswordSasl | CloudSasl | undefined = isCloudMechanism(mechanism)
    ? cloudSasl(mechanism, e)
    : mechanism && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
      ? { mechanism, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD }
      : undefined;
  const ssl: Ssl =
    (e.KAFKA_SSL ?? isCloudMechanism(mechanism))
      ? {
          rejectUnauthorized: e.KAFKA_SSL_REJECT_UNAUTHORIZED,
          ...(e.KAFKA_SSL_CA === undefined ? {} : { ca: e.KAFKA_SSL_CA }),
        }
      : false;
  // A rate of 0 is no limit; an unset burst is the rate, or a full batch when that is more.
  const limitOf = (perSecond: number, burst: number | undefined): RateLimit | undefined =>
    perSecond === 0 ? undefined : { perSecond, burst: burst ?? Math.max(perSecond, e.MAX_BATCH_EVENTS) };
  // RATE_LIMIT_BURST=0 is its default: unset.
  const rateLimit = limitOf(
    e.RATE_LIMIT_EVENTS_PER_SECOND,
    e.RATE_LIMIT_BURST === 0 ? undefined : e.RATE_LIMIT_BURST,
  );
  const keyRateLimits: KeyLimit[] = (e.RATE_LIMIT_PER_KEY ?? []).map(({ id, perSecond, burst }) => ({
    id,
    limit: limitOf(perSecond, burst),
  }));
  const apiKeys: ApiKey[] = parseApiKeys(e.API_KEYS ?? []).keys;
  return {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      topic: e.KAFKA_TOPIC,
      dlqTopic: e.KAFKA_DLQ_TOPIC,
      clientId: e.KAFKA_CLIENT_ID,
      ssl,
      sasl,
      deliveryTimeoutMs: e.KAFKA_DELIVERY_TIMEOUT_MS,
      requestTimeoutMs: e.KAFKA_REQUEST_TIMEOUT_MS,
      lingerMs: e.KAFKA_LINGER_MS,
      metadataMaxAgeMs: e.KAFKA_METADATA_MAX_AGE_MS,
      minIsrRequired: e.KAFKA_MIN_ISR_REQUIRED,
      topicPartitions: e.KAFKA_TOPIC_PARTITIONS,
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
      apiKeys,
      corsOrigins: e.CORS_ORIGINS ?? [],
      rateLimit,
      keyRateLimits,
    },
    events: { defaultSource: e.DEFAULT_EVENT_SOURCE, dlqMaxPayloadBytes: e.DLQ_MAX_PAYLOAD_BYTES },
    shutdown: { delayMs: e.SHUTDOWN_DELAY_MS, timeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    schema: { mode: e.SCHEMA_MODE, dir: e.SCHEMA_DIR },
    telemetry: { otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
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
