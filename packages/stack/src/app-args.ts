import { DEFAULTS, type IngestorAppCommonArgs } from "@event-ingestor/k8s-app";
import type { CloudIngress, CloudIngressFlavour } from "./platform.js";
import { MIN_ISR_FLOOR, MIN_ISR_SETTING, type StackSettings } from "./settings.js";

/** Name of the component's objects, and so of the ServiceAccount the cloud identity is bound to. */
export const APP_NAME = DEFAULTS.appName;

/** The cloud's part of the app's arguments, other than the ServiceAccount annotations. */
export interface CloudWiring {
  readonly ingressFlavour: CloudIngressFlavour;
  readonly podLabels: Readonly<Record<string, string>>;
  /** The cloud's TLS and namespace wiring of the Ingress. */
  readonly ingress: Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels">;
}

/** Plain ingestor settings for the ConfigMap. Credentials never pass through here. */
export function plainEnv(settings: StackSettings): Record<string, string> {
  const { kafka, app } = settings;
  return {
    ...app.env,
    // Explicit, so acks=all means two copies on every cloud stack whatever the ingestor's default becomes;
    // app.env may raise it (parseStackSettings refuses lower).
    [MIN_ISR_SETTING]: app.env[MIN_ISR_SETTING] ?? String(MIN_ISR_FLOOR),
    KAFKA_BROKERS: kafka.bootstrapServers,
    KAFKA_TOPIC: kafka.topic,
    KAFKA_DLQ_TOPIC: kafka.dlqTopic,
    KAFKA_SSL: String(kafka.tls),
    ...(kafka.saslMechanism === undefined ? {} : { KAFKA_SASL_MECHANISM: kafka.saslMechanism }),
    LOG_LEVEL: app.logLevel,
  };
}

/** Maps the stack's settings and the cloud's wiring to the component's plain arguments (pure). */
export function appArgs(
  settings: StackSettings,
  cloud: CloudWiring,
): Omit<IngestorAppCommonArgs, "serviceAccountAnnotations"> {
  return {
    appName: APP_NAME,
    namespace: settings.app.namespace,
    autoscaling: { minReplicas: settings.app.minReplicas, maxReplicas: settings.app.maxReplicas },
    config: plainEnv(settings),
    ingress: {
      flavour: cloud.ingressFlavour,
      host: settings.app.host,
      ...(cloud.ingress.tls === undefined ? {} : { tls: cloud.ingress.tls }),
      ...(Object.keys(cloud.ingress.annotations).length === 0
        ? {}
        : { annotations: cloud.ingress.annotations }),
    },
    podLabels: cloud.podLabels,
    // k8s-app has no Namespace-only labels yet: these (e.g. the ALB readiness-gate switch) go on every object,
    // where they are inert except on the Namespace.
    ...(Object.keys(cloud.ingress.namespaceLabels).length === 0
      ? {}
      : { labels: cloud.ingress.namespaceLabels }),
    networkPolicy: { enabled: settings.app.networkPolicy },
  };
}
