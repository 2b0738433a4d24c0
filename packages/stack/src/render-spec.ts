// `pnpm render --stack <name>`: the Kubernetes objects a stack would apply, from its Pulumi.<stack>.yaml
// alone. The cloud's outputs (identity, image digest) are not known without a deployment, so they are
// shown as placeholders; everything else goes through the same mapping and builders as `pulumi up`.
import type { IngestorAppSpec } from "@event-ingestor/k8s-app";
import { albIngress } from "@event-ingestor/infra-aws/ingress";
import { MSK_CLIENT_PORTS, MSK_MECHANISM, mskKafkaEnv } from "@event-ingestor/infra-aws/kafka";
import { appRoutingIngress } from "@event-ingestor/infra-azure/ingress";
import { gceIngress } from "@event-ingestor/infra-gcp/ingress";
import { isRecord } from "@event-ingestor/platform";
import { parse } from "yaml";
import { appArgs, APP_NAME, type CloudServices, type CloudWiring } from "./app-args.js";
import type { IngressRequest, MetricsScrape } from "./platform.js";
import {
  deployProblems,
  parseStackSettings,
  requiredSecretKeys,
  SECRET_CONFIG,
  type CloudName,
  type SecretSetting,
} from "./settings.js";

const PROJECT = "event-ingestor";
/** A digest no real image has: render never pretends to know what `pulumi up` will push. */
export const PLACEHOLDER_DIGEST = `sha256:${"0".repeat(64)}`;

const field = (value: unknown, key: string): string | undefined => {
  const v = isRecord(value) ? value[key] : undefined;
  return typeof v === "string" ? v : undefined;
};

/** The Ingress wiring each cloud package computes, from the request and the cloud's own stack settings. */
const CLOUD_INGRESS: Readonly<
  Record<CloudName, (request: IngressRequest, cloudConfig: unknown) => CloudWiring["ingress"]>
> = {
  aws: (request, config) => albIngress(request, { certificateArn: field(config, "certificateArn") }),
  gcp: (request) => gceIngress(request),
  azure: (request, config) => appRoutingIngress(request, field(config, "tlsCertificateUri")),
};

/** What each cloud fills in at deploy time, as the cloud packages wire it. */
export const CLOUD_PLACEHOLDERS: Readonly<
  Record<
    CloudName,
    Omit<CloudWiring, "ingress"> & { annotations: Record<string, string>; repository: string }
  >
> = {
  aws: {
    ingressFlavour: "alb",
    podLabels: {},
    annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::000000000000:role/event-ingestor-irsa" },
    repository: "000000000000.dkr.ecr.region.amazonaws.com/event-ingestor",
  },
  gcp: {
    ingressFlavour: "gce",
    podLabels: {},
    annotations: { "iam.gke.io/gcp-service-account": "event-ingestor@project.iam.gserviceaccount.com" },
    repository: "region-docker.pkg.dev/project/event-ingestor/event-ingestor",
  },
  azure: {
    ingressFlavour: "azure-approuting",
    podLabels: { "azure.workload.identity/use": "true" },
    annotations: { "azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000000" },
    repository: "registry.azurecr.io/event-ingestor",
  },
};

/** Managed Kafka and Prometheus as each cloud package wires them, with placeholders for what it creates. */
export const CLOUD_SERVICE_PLACEHOLDERS: Readonly<
  Record<
    CloudName,
    {
      readonly kafka: (
        providerConfig: (key: string) => unknown,
      ) => NonNullable<CloudServices<string>["kafka"]>;
      readonly metricsScrape: MetricsScrape | undefined;
    }
  >
> = {
  aws: {
    kafka: (providerConfig) => ({
      bootstrapServers: "boot-00000000.c1.kafka-serverless.region.amazonaws.com:9098",
      saslMechanism: MSK_MECHANISM,
      ports: MSK_CLIENT_PORTS,
      env: mskKafkaEnv(stringOr(providerConfig("aws:region"), "region")),
      topicsJob: {
        serviceAccountAnnotations: {
          "eks.amazonaws.com/role-arn": "arn:aws:iam::000000000000:role/event-ingestor-kafka-topics",
        },
      },
    }),
    metricsScrape: undefined,
  },
  gcp: {
    kafka: () => ({
      bootstrapServers: "bootstrap.cluster.region.managedkafka.project.cloud.goog:9092",
      saslMechanism: "oauthbearer-gcp",
      ports: [9092],
      env: {},
    }),
    metricsScrape: "gke-podmonitoring",
  },
  azure: {
    kafka: () => ({
      bootstrapServers: "namespace.servicebus.windows.net:9093",
      saslMechanism: "oauthbearer-azure",
      ports: [9093],
      env: {},
    }),
    metricsScrape: "azure-monitor",
  },
};

const stringOr = (value: unknown, fallback: string): string => (typeof value === "string" ? value : fallback);

/** A rendered spec, and what the reader should know about the stack file. */
export interface RenderedStack {
  readonly spec: IngestorAppSpec;
  readonly warnings: readonly string[];
  /** What `pulumi preview` / `up` would refuse in this stack file (placeholders, missing secrets, no auth). */
  readonly deployProblems: readonly string[];
}

const isSecure = (v: unknown): boolean => typeof v === "object" && v !== null && "secure" in v;

/** Maps the text of Pulumi.<stack>.yaml to the component's arguments, with placeholders (pure). */
export function renderSpec(stack: string, stackFileText: string): RenderedStack {
  const doc: unknown = parse(stackFileText) ?? {};
  const config: Readonly<Record<string, unknown>> =
    typeof doc === "object" &&
    doc !== null &&
    "config" in doc &&
    typeof doc.config === "object" &&
    doc.config !== null
      ? { ...doc.config }
      : {};
  const get = (key: string): unknown => config[`${PROJECT}:${key}`];
  const providerConfig = (key: string): unknown => config[key];
  const settings = parseStackSettings({
    stack,
    cloud: get("cloud"),
    imageTag: get("imageTag"),
    app: get("app"),
    kafka: get("kafka"),
  });

  const warnings: string[] = [];
  const required = new Set<string>(requiredSecretKeys(settings.kafka));
  const secretConfig: Partial<Record<SecretSetting, string>> = {};
  const setSecrets = new Set<string>();
  for (const { key, setting } of SECRET_CONFIG) {
    if (get(key) !== undefined) setSecrets.add(key);
    const value = get(key);
    if (value !== undefined && !isSecure(value)) {
      warnings.push(
        `${PROJECT}:${key} is stored in plain text; set it with \`pulumi config set --secret ${key}\``,
      );
    }
    if (value !== undefined || required.has(key)) secretConfig[setting] = `<secret ${PROJECT}:${key}>`;
  }

  const cloud = CLOUD_PLACEHOLDERS[settings.cloud];
  const ingress = CLOUD_INGRESS[settings.cloud](
    { name: APP_NAME, host: settings.app.host, tls: settings.app.tls },
    get(settings.cloud),
  );
  const services = CLOUD_SERVICE_PLACEHOLDERS[settings.cloud];
  return {
    spec: {
      ...appArgs(
        settings,
        { ...cloud, ingress },
        {
          ...(settings.kafka.mode === "managed" ? { kafka: services.kafka(providerConfig) } : {}),
          ...(settings.app.metrics === "managed" ? { metricsScrape: services.metricsScrape } : {}),
        },
      ),
      appName: APP_NAME,
      serviceAccountAnnotations: cloud.annotations,
      image: `${cloud.repository}@${PLACEHOLDER_DIGEST}`,
      secretConfig,
    },
    warnings,
    deployProblems: deployProblems(settings, setSecrets),
  };
}
