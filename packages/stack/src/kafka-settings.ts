// `event-ingestor:kafka`: the cloud's own managed Kafka (default), or an external one the stack points at.
import { defaultOf, PASSWORD_MECHANISMS } from "@event-ingestor/ingestor/settings";
import { bool, int, isOneOf, isRecord, oneOf, str, unknownKeys } from "@event-ingestor/platform";

export const KAFKA_MODES = ["managed", "external"] as const;
export type KafkaMode = (typeof KAFKA_MODES)[number];
/**
 * Default `managed`: `pulumi up` on an empty account creates the cloud's Kafka and connects to it with the pods'
 * workload identity, so a new stack works without any Kafka address or password.
 */
export const DEFAULT_KAFKA_MODE = "managed" satisfies KafkaMode;

/** Password mechanisms an external Kafka may use; managed Kafka authenticates with the workload identity. */
export const SASL_MECHANISMS = PASSWORD_MECHANISMS;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Partitions of each topic the managed mode creates, unless `kafka.partitions` says otherwise: the ingestor's. */
export const DEFAULT_PARTITIONS = defaultOf("KAFKA_TOPIC_PARTITIONS");
/** The topics' default names: the ingestor's. */
const DEFAULT_TOPIC = defaultOf("KAFKA_TOPIC");
const DEFAULT_DLQ_TOPIC = defaultOf("KAFKA_DLQ_TOPIC");
/**
 * Event Hubs Standard (the Azure managed default) allows 32 partitions per event hub; one bound for every cloud
 * keeps a stack file portable between clouds.
 */
export const MAX_PARTITIONS = 32;

interface KafkaTopics {
  /** Default `events`. */
  readonly topic: string;
  /** Default `events.dlq`. */
  readonly dlqTopic: string;
}

/** The cloud creates Kafka and both topics; the pods authenticate with their workload identity. */
export interface ManagedKafkaSettings extends KafkaTopics {
  readonly mode: "managed";
  /** Partitions of each topic. Default {@link DEFAULT_PARTITIONS}. */
  readonly partitions: number;
}

/** Where the external Kafka is and how to talk to it (credentials are secrets). */
export interface ExternalKafkaSettings extends KafkaTopics {
  readonly mode: "external";
  /** Comma-separated host:port list (KAFKA_BROKERS). Required. */
  readonly bootstrapServers: string;
  /** TLS to the brokers. Default true: managed Kafka services require it. */
  readonly tls: boolean;
  /** SASL mechanism; unset means no SASL. Username and password are then required secrets. */
  readonly saslMechanism: SaslMechanism | undefined;
  /**
   * Run the topics Job (create-topics.js, with the app's own settings and credentials) before the Deployment:
   * missing topics are created with `partitions` partitions, existing ones left alone, and an unreachable Kafka
   * or refused credentials fail the `up` at that Job instead of at the rollout's timeout. Default false: the
   * topics are yours to create (with the replication and min.insync.replicas you choose).
   */
  readonly createTopics: boolean;
  /** Partitions of the topics the Job creates (with createTopics). Default {@link DEFAULT_PARTITIONS}. */
  readonly partitions: number;
}

export type KafkaSettings = ManagedKafkaSettings | ExternalKafkaSettings;

const PREFIX = "event-ingestor:kafka";
const BROKERS = /^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$/;
/** Kafka's topic name rule (legal characters, at most 249). */
const TOPIC = /^[A-Za-z0-9._-]{1,249}$/;
/** Keys only an external Kafka has: managed Kafka's address and authentication come from the cloud. */
const EXTERNAL_ONLY = ["bootstrapServers", "tls", "saslMechanism", "createTopics"] as const;
const MANAGED_ONLY = ["partitions"] as const;

/** Parses `event-ingestor:kafka` (pure); problems are appended to `problems`. */
export function parseKafkaSettings(raw: unknown, problems: string[]): KafkaSettings {
  const value = raw ?? {};
  if (!isRecord(value)) {
    problems.push(`${PREFIX} must be an object`);
    return {
      mode: DEFAULT_KAFKA_MODE,
      topic: DEFAULT_TOPIC,
      dlqTopic: DEFAULT_DLQ_TOPIC,
      partitions: DEFAULT_PARTITIONS,
    };
  }
  // The field checks name the key alone; prefixed when appended, after the checks across keys.
  const own: string[] = [];
  unknownKeys(value, ["mode", "topic", "dlqTopic", ...EXTERNAL_ONLY, ...MANAGED_ONLY], own);
  const done = <T>(settings: T): T => {
    problems.push(...own.map((p) => `${PREFIX}.${p}`));
    return settings;
  };
  const has = (key: string): boolean => value[key] !== undefined;
  const mode = oneOf(value, "mode", KAFKA_MODES, own) ?? DEFAULT_KAFKA_MODE;
  const topics: KafkaTopics = {
    topic: str(value, "topic", TOPIC, own) ?? DEFAULT_TOPIC,
    dlqTopic: str(value, "dlqTopic", TOPIC, own) ?? DEFAULT_DLQ_TOPIC,
  };
  if (topics.topic === topics.dlqTopic) problems.push(`${PREFIX}.dlqTopic must differ from topic`);

  if (mode === "managed") {
    for (const key of EXTERNAL_ONLY.filter(has)) {
      problems.push(
        `${PREFIX}.${key} applies only to an external Kafka (kafka.mode external); managed Kafka's address and authentication come from the cloud: remove it, or set kafka.mode to external`,
      );
    }
    return done<ManagedKafkaSettings>({
      mode,
      ...topics,
      partitions: int(value, "partitions", 1, MAX_PARTITIONS, own) ?? DEFAULT_PARTITIONS,
    });
  }

  const createTopics = bool(value, "createTopics", own) ?? false;
  for (const key of MANAGED_ONLY.filter(has)) {
    if (!createTopics)
      problems.push(
        `${PREFIX}.${key} applies only to topics the stack creates: managed Kafka, or an external one with kafka.createTopics true`,
      );
  }
  const sasl = value["saslMechanism"];
  if (sasl !== undefined && sasl !== "none" && !isOneOf(SASL_MECHANISMS, sasl)) {
    problems.push(
      `${PREFIX}.saslMechanism must be one of none, ${SASL_MECHANISMS.join(", ")}, got ${JSON.stringify(sasl)}`,
    );
  }
  if (!has("bootstrapServers")) {
    problems.push(`${PREFIX}.bootstrapServers is required with kafka.mode external (host:port,host:port)`);
  }
  return done<ExternalKafkaSettings>({
    mode,
    ...topics,
    bootstrapServers: str(value, "bootstrapServers", BROKERS, own) ?? "",
    tls: bool(value, "tls", own) ?? true,
    saslMechanism: isOneOf(SASL_MECHANISMS, sasl) ? sasl : undefined,
    createTopics,
    partitions: int(value, "partitions", 1, MAX_PARTITIONS, own) ?? DEFAULT_PARTITIONS,
  });
}
