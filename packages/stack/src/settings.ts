// The stack's settings as plain data, parsed from raw config values by one pure function, so the Pulumi
// program (config.ts) and `render` (Pulumi.<stack>.yaml, no engine) read a stack the same way.
import {
  defaultOf,
  fileVariant,
  LOG_LEVELS,
  type SecretSetting as IngestorSecretSetting,
  type SettingName,
} from "@event-ingestor/ingestor/settings";
import {
  bool,
  intAtLeast,
  isOneOf,
  isPlaceholder,
  isRecord,
  oneOf,
  placeholderProblem,
  str,
  stringMap,
  unknownKeys,
} from "@event-ingestor/platform";
import { parseKafkaSettings, type KafkaSettings } from "./kafka-settings.js";
import { parseSchemaSettings, SCHEMA_ENV, type SchemaSettings } from "./schema-settings.js";

export const CLOUDS = ["aws", "gcp", "azure"] as const;
export type CloudName = (typeof CLOUDS)[number];

export {
  DEFAULT_KAFKA_MODE,
  KAFKA_MODES,
  SASL_MECHANISMS,
  type ExternalKafkaSettings,
  type KafkaMode,
  type KafkaSettings,
  type ManagedKafkaSettings,
  type SaslMechanism,
} from "./kafka-settings.js";

/** `app.metrics`: `managed` sends the app's metrics to the cloud's managed Prometheus; `none` leaves them unscraped. */
export const METRICS_MODES = ["none", "managed"] as const;
export type MetricsMode = (typeof METRICS_MODES)[number];

/** `event-ingestor:app`: how the service runs in the cluster. */
export interface AppSettings {
  /** Namespace the ingestor runs in. Default `event-ingestor`. */
  readonly namespace: string;
  /** Host name the ingress routes; unset routes every host. Required by `tls` and DNS records. */
  readonly host: string | undefined;
  /**
   * Terminate HTTPS at the cloud's load balancer with a cloud-managed certificate for `host`, HTTP redirected to
   * HTTPS. Default false: clients then talk to the load balancer in cleartext.
   */
  readonly tls: boolean;
  /**
   * Serve the public ingress without API keys, on purpose. Default false: a stack with a public ingress and no
   * `apiKeys` secret is refused, so an open endpoint is never an accident.
   */
  readonly allowAnonymous: boolean;
  /** HPA bounds. Default 2 and 10. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** LOG_LEVEL. Default `info`. */
  readonly logLevel: string;
  /** Further plain ingestor settings (e.g. `MAX_BODY_BYTES`); secrets are refused by the component. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Create the NetworkPolicy. Default true: every cloud's network dataplane enforces it (EKS: the VPC CNI's network
   * policy agent, GKE: Dataplane V2, AKS: Cilium).
   */
  readonly networkPolicy: boolean;
  /**
   * Scrape the pods' `/metrics` into the cloud's managed Prometheus (AWS: Amazon Managed Service for Prometheus
   * with its managed collector). Default `none`: managed Prometheus is billed per sample.
   */
  readonly metrics: MetricsMode;
  /**
   * Per-event-type JSON Schemas from a folder of the project, mounted by k8s-app (SCHEMA_DIR, SCHEMA_MODE).
   * Default none: the ingestor validates no event's data.
   */
  readonly schemas: SchemaSettings | undefined;
}

/**
 * Ingestor settings the stack derives from `kafka` and `app` itself (or, with managed Kafka, takes from the
 * cloud); `app.env` may not set them.
 */
export const MANAGED_ENV = [
  "KAFKA_BROKERS",
  "KAFKA_TOPIC",
  "KAFKA_DLQ_TOPIC",
  "KAFKA_TOPIC_PARTITIONS",
  "KAFKA_SSL",
  "KAFKA_SASL_MECHANISM",
  "LOG_LEVEL",
] as const satisfies readonly SettingName[];

/**
 * The ingestor is not ready (`/readyz`) while a topic's replication factor or min.insync.replicas is below this
 * setting (default 2), so acks=all means at least two copies. 1 is only for a single-node dev broker; the cloud
 * stacks never go below 2.
 */
export const MIN_ISR_SETTING = "KAFKA_MIN_ISR_REQUIRED" satisfies SettingName;
export const MIN_ISR_FLOOR = 2;

const MANAGED: ReadonlySet<string> = new Set(MANAGED_ENV);

/** Secret config keys (set with `pulumi config set --secret`) and the ingestor setting each becomes. */
export const SECRET_CONFIG = [
  { key: "kafkaUsername", setting: "KAFKA_SASL_USERNAME" },
  { key: "kafkaPassword", setting: "KAFKA_SASL_PASSWORD" },
  { key: "apiKeys", setting: "API_KEYS" },
  { key: "kafkaCaPem", setting: "KAFKA_SSL_CA" },
] as const satisfies readonly { key: string; setting: IngestorSecretSetting }[];
export type SecretConfigKey = (typeof SECRET_CONFIG)[number]["key"];
export type SecretSetting = (typeof SECRET_CONFIG)[number]["setting"];

/** Secret config keys a stack must set for these Kafka settings (SASL needs a username and password). */
export function requiredSecretKeys(kafka: KafkaSettings): SecretConfigKey[] {
  return kafka.mode === "external" && kafka.saslMechanism !== undefined
    ? ["kafkaUsername", "kafkaPassword"]
    : [];
}

/** Secret config keys only an external Kafka uses: managed Kafka has no password and a public CA. */
export const EXTERNAL_KAFKA_SECRETS: readonly SecretConfigKey[] = [
  "kafkaUsername",
  "kafkaPassword",
  "kafkaCaPem",
];

export interface StackSettings {
  readonly cloud: CloudName;
  /** Tag pushed with the image; default derived from git (see image-tag.ts). */
  readonly imageTag: string | undefined;
  readonly app: AppSettings;
  readonly kafka: KafkaSettings;
}

/** The Pulumi project's name (Pulumi.yaml): the namespace of every stack config key. */
export const PROJECT = "event-ingestor";

/**
 * What keeps a parsed stack from its first `pulumi up` (pure): placeholder values still in the stack file,
 * missing required secrets, and a public ingress without API keys unless `app.allowAnonymous` says so on
 * purpose. Every cloud stack's ingress is public (an internet-facing load balancer).
 *
 * @param setSecrets the secret keys the stack sets
 */
export function deployProblems(settings: StackSettings, setSecrets: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const { kafka, app } = settings;
  if (kafka.mode === "external" && isPlaceholder(kafka.bootstrapServers)) {
    problems.push(
      placeholderProblem(
        `${PROJECT}:kafka.bootstrapServers`,
        kafka.bootstrapServers,
        `pulumi config set --path kafka.bootstrapServers host1:port,host2:port --stack ${settings.cloud}`,
      ),
    );
  }
  if (app.host !== undefined && isPlaceholder(app.host)) {
    problems.push(
      placeholderProblem(
        `${PROJECT}:app.host`,
        app.host,
        `pulumi config set --path app.host events.your-domain.com --stack ${settings.cloud}`,
      ),
    );
  }
  if (kafka.mode === "external") {
    for (const key of requiredSecretKeys(kafka).filter((k) => !setSecrets.has(k))) {
      problems.push(
        `${PROJECT}:${key} is required with kafka.saslMechanism ${String(kafka.saslMechanism)}: set it with \`pulumi config set --secret ${key}\``,
      );
    }
  } else {
    // A stray Kafka password would sit unused in the state and the cluster: managed Kafka authenticates with the
    // pods' workload identity.
    for (const key of EXTERNAL_KAFKA_SECRETS.filter((k) => setSecrets.has(k))) {
      problems.push(
        `${PROJECT}:${key} is not used with kafka.mode managed (the pods authenticate with their workload identity): remove it with \`pulumi config rm ${key} --stack ${settings.cloud}\`, or set kafka.mode to external`,
      );
    }
  }
  if (!setSecrets.has("apiKeys") && !app.allowAnonymous) {
    problems.push(
      `${PROJECT}:apiKeys is not set and the ingress is public: set keys with \`pulumi config set --secret apiKeys "$(openssl rand -hex 24)"\`, or set ${PROJECT}:app.allowAnonymous to true to accept anonymous events on purpose`,
    );
  }
  return problems;
}

/** Raw values as config holds them: strings for plain keys, parsed JSON/YAML for object keys. */
export interface RawStackConfig {
  readonly stack: string;
  readonly cloud: unknown;
  readonly imageTag: unknown;
  readonly app: unknown;
  readonly kafka: unknown;
}

/** The stack's configuration is invalid; `problems` lists every key at fault. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n  - ${problems.join("\n  - ")}`);
  }
}

const APP_KEYS = [
  "namespace",
  "host",
  "minReplicas",
  "maxReplicas",
  "logLevel",
  "env",
  "networkPolicy",
  "tls",
  "allowAnonymous",
  "metrics",
  "schemas",
];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** Parses the stack's config (pure). The cloud falls back to the stack name. */
export function parseStackSettings(raw: RawStackConfig): StackSettings {
  const problems: string[] = [];
  const cloud = raw.cloud ?? raw.stack;
  if (!isOneOf(CLOUDS, cloud)) {
    problems.push(
      `event-ingestor:cloud must be one of ${CLOUDS.join(", ")} (or the stack named so), got ${JSON.stringify(cloud)}`,
    );
  }
  if (raw.imageTag !== undefined && (typeof raw.imageTag !== "string" || !TAG.test(raw.imageTag))) {
    problems.push(`event-ingestor:imageTag must be a Docker tag, got ${JSON.stringify(raw.imageTag)}`);
  }

  const appRaw = raw.app ?? {};
  if (!isRecord(appRaw)) problems.push("event-ingestor:app must be an object");
  const a = isRecord(appRaw) ? appRaw : {};
  // The field checks name the key alone; prefixed and appended last, after the checks across keys.
  const own: string[] = [];
  unknownKeys(a, APP_KEYS, own);
  const app: AppSettings = {
    namespace: str(a, "namespace", DNS_LABEL, own) ?? "event-ingestor",
    host: str(a, "host", HOST, own),
    tls: bool(a, "tls", own) ?? false,
    allowAnonymous: bool(a, "allowAnonymous", own) ?? false,
    minReplicas: intAtLeast(a, "minReplicas", 1, own) ?? 2,
    maxReplicas: intAtLeast(a, "maxReplicas", 1, own) ?? 10,
    logLevel: oneOf(a, "logLevel", LOG_LEVELS, own) ?? defaultOf("LOG_LEVEL"),
    env: stringMap(a, "env", own) ?? {},
    networkPolicy: bool(a, "networkPolicy", own) ?? true,
    metrics: oneOf(a, "metrics", METRICS_MODES, own) ?? "none",
    schemas: parseSchemaSettings(a["schemas"], problems),
  };
  if (app.tls && a["host"] === undefined) {
    problems.push("event-ingestor:app.tls needs event-ingestor:app.host (the certificate's name)");
  }
  const minIsr = app.env[MIN_ISR_SETTING];
  if (minIsr !== undefined && !(/^\d+$/.test(minIsr) && Number(minIsr) >= MIN_ISR_FLOOR)) {
    problems.push(
      `event-ingestor:app.env.${MIN_ISR_SETTING} must be ${String(MIN_ISR_FLOOR)} or more on a cloud stack (1 is for a single-node dev broker), got ${JSON.stringify(minIsr)}`,
    );
  }
  if (app.maxReplicas < app.minReplicas) {
    problems.push("event-ingestor:app.maxReplicas must be >= minReplicas");
  }
  for (const key of Object.keys(app.env)) {
    const secret = SECRET_CONFIG.find((c) => key === c.setting || key === fileVariant(c.setting));
    if (secret !== undefined) {
      problems.push(
        `event-ingestor:app.env.${key} is a secret: set it with \`pulumi config set --secret ${secret.key}\``,
      );
    } else if ((SCHEMA_ENV as readonly string[]).includes(key)) {
      problems.push(`event-ingestor:app.env.${key} is set from event-ingestor:app.schemas; set it there`);
    } else if (MANAGED.has(key)) {
      problems.push(`event-ingestor:app.env.${key} is set from event-ingestor:kafka / app; set it there`);
    }
  }

  const kafka = parseKafkaSettings(raw.kafka, problems);

  problems.push(...own.map((p) => `event-ingestor:app.${p}`));
  if (problems.length > 0 || !isOneOf(CLOUDS, cloud)) throw new StackConfigError(problems);
  return { cloud, imageTag: typeof raw.imageTag === "string" ? raw.imageTag : undefined, app, kafka };
}
