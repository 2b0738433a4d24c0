import type { SettingName } from "@event-ingestor/ingestor/settings";
import {
  DEFAULTS,
  type IngestorAppArgsOf,
  type SchemasArgs,
  type TopicsJobArgs,
} from "@event-ingestor/k8s-app";
import type { CloudIngress, CloudIngressFlavour, ManagedKafka, MetricsScrape } from "./platform.js";
import { MIN_ISR_FLOOR, MIN_ISR_SETTING, type StackSettings } from "./settings.js";

/** Name of the component's objects, and so of the ServiceAccount the cloud identity is bound to. */
export const APP_NAME = DEFAULTS.appName;

/** The cloud's part of the app's arguments, other than the ServiceAccount annotations. */
export interface CloudWiring {
  readonly ingressFlavour: CloudIngressFlavour;
  readonly podLabels: Readonly<Record<string, string>>;
  /** The cloud's TLS and namespace wiring of the Ingress, and the cloud objects it names. */
  readonly ingress: Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels" | "prerequisites">;
}

/**
 * A managed Kafka as the app's settings see it, `V` being `pulumi.Input<string>` in the program and `string` in
 * `render` (placeholders).
 */
export interface KafkaConnection<V> {
  readonly bootstrapServers: V;
  readonly saslMechanism: ManagedKafka["saslMechanism"];
  readonly ports: ManagedKafka["ports"];
  readonly env: Readonly<Record<string, V>>;
}

/** What the stack passes on to the component beyond the settings: managed Kafka's Job, managed metrics. */
export interface CloudServices<V> {
  /** The cloud's managed Kafka; required with `kafka.mode: managed`, ignored otherwise. */
  readonly kafka?:
    | (KafkaConnection<V> & {
        /** The topics Job's ServiceAccount annotations, where the cloud has no topic resource (AWS). */
        readonly topicsJob?: TopicsJobArgs<V> | undefined;
      })
    | undefined;
  /** The scrape object of the cloud's managed Prometheus (with `app.metrics: managed`). */
  readonly metricsScrape?: MetricsScrape | undefined;
}

/** A managed stack reached the app without the cloud's Kafka: a bug in the entry program, not in the stack. */
export class MissingManagedKafkaError extends Error {
  override readonly name = "MissingManagedKafkaError";
  constructor() {
    super("kafka.mode is managed but no managed Kafka was created for the app");
  }
}

/**
 * The ingestor's plain settings for the ConfigMap (pure). Credentials never pass through here: external Kafka's
 * go to the Secret, managed Kafka has none (the pods' workload identity signs in).
 */
export function plainEnv<V = string>(
  settings: StackSettings,
  managed?: KafkaConnection<V>,
): Record<string, string | V> {
  const { kafka, app } = settings;
  // Typed by the ingestor's settings contract: a misspelt or retired setting name does not compile.
  const common: Derived<V> = {
    // Explicit, so acks=all means two copies on every cloud stack whatever the ingestor's default becomes;
    // app.env may raise it (parseStackSettings refuses lower).
    [MIN_ISR_SETTING]: app.env[MIN_ISR_SETTING] ?? String(MIN_ISR_FLOOR),
    KAFKA_TOPIC: kafka.topic,
    KAFKA_DLQ_TOPIC: kafka.dlqTopic,
    LOG_LEVEL: app.logLevel,
  };
  if (kafka.mode === "external") {
    const external: Derived<V> = {
      KAFKA_BROKERS: kafka.bootstrapServers,
      KAFKA_SSL: String(kafka.tls),
      ...(kafka.saslMechanism === undefined ? {} : { KAFKA_SASL_MECHANISM: kafka.saslMechanism }),
      ...(kafka.createTopics ? { KAFKA_TOPIC_PARTITIONS: String(kafka.partitions) } : {}),
    };
    return { ...app.env, ...common, ...external };
  }
  if (managed === undefined) throw new MissingManagedKafkaError();
  const fromCloud: Derived<V> = {
    KAFKA_BROKERS: managed.bootstrapServers,
    // Every cloud's managed Kafka speaks TLS only (MSK IAM 9098, GCP 9092, Event Hubs 9093).
    KAFKA_SSL: "true",
    KAFKA_SASL_MECHANISM: managed.saslMechanism,
    // Read by the topics Job (create-topics), where the cloud has no topic resource.
    KAFKA_TOPIC_PARTITIONS: String(kafka.partitions),
  };
  // The cloud's own settings (e.g. AWS_REGION) before the ones the stack derives.
  return { ...app.env, ...common, ...managed.env, ...fromCloud };
}

/** Ingestor settings the stack derives, keyed by the ingestor's setting names. */
type Derived<V> = Partial<Record<SettingName, string | V>>;

/** The component's arguments the stack's settings and the cloud's wiring decide. */
export type MappedAppArgs<V> = Omit<
  IngestorAppArgsOf<V>,
  "image" | "secretConfig" | "serviceAccountAnnotations"
>;

/**
 * Maps the stack's settings and the cloud's wiring to the component's arguments (pure).
 *
 * @param schemas the files of `app.schemas` (schema-files.ts), undefined without it
 */
export function appArgs<V = string>(
  settings: StackSettings,
  cloud: CloudWiring,
  services: CloudServices<V>,
  schemas: SchemasArgs | undefined,
): MappedAppArgs<string | V> {
  const managed = settings.kafka.mode === "managed" ? services.kafka : undefined;
  // An external Kafka's topics Job (kafka.createTopics) has no cloud identity: it uses the app's credentials.
  const topicsJob =
    settings.kafka.mode === "external"
      ? settings.kafka.createTopics
        ? { serviceAccountAnnotations: {} }
        : undefined
      : managed?.topicsJob;
  return {
    appName: APP_NAME,
    namespace: settings.app.namespace,
    autoscaling: { minReplicas: settings.app.minReplicas, maxReplicas: settings.app.maxReplicas },
    config: plainEnv(settings, services.kafka),
    ingress: {
      flavour: cloud.ingressFlavour,
      host: settings.app.host,
      ...(cloud.ingress.tls === undefined ? {} : { tls: cloud.ingress.tls }),
      ...(Object.keys(cloud.ingress.annotations).length === 0
        ? {}
        : { annotations: cloud.ingress.annotations }),
    },
    podLabels: cloud.podLabels,
    ...(Object.keys(cloud.ingress.namespaceLabels).length === 0
      ? {}
      : { namespaceLabels: cloud.ingress.namespaceLabels }),
    // Created by the component before the Ingress, in the plan `render` prints (GKE's certificate and redirect).
    ...(cloud.ingress.prerequisites === undefined || cloud.ingress.prerequisites.length === 0
      ? {}
      : { ingressPrerequisites: [...cloud.ingress.prerequisites] }),
    networkPolicy: {
      enabled: settings.app.networkPolicy,
      // The bootstrap address is an output; the NetworkPolicy's egress needs its ports up front.
      ...(managed === undefined ? {} : { kafkaPorts: [...managed.ports] }),
    },
    ...(topicsJob === undefined ? {} : { topicsJob }),
    ...(services.metricsScrape === undefined ? {} : { metricsScrape: services.metricsScrape }),
    ...(schemas === undefined ? {} : { schemas }),
  };
}
