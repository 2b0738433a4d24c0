import { defaultOf, SECRET_SETTINGS, type SCHEMA_MODES } from "@event-ingestor/ingestor/settings";
import type { IngressPrerequisite } from "@event-ingestor/platform";
import type * as pulumi from "@pulumi/pulumi";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";

/** Which ingress controller serves the app. `none` creates no Ingress (in-cluster clients only). */
export type IngressFlavour = "alb" | "gce" | "azure-approuting" | "nginx" | "none";

/** A Kubernetes label selector (`matchLabels` / `matchExpressions`). */
export type LabelSelector = NonNullable<INetworkPolicyPeer["namespaceSelector"]>;

/** A NetworkPolicy peer (`podSelector` / `namespaceSelector` / `ipBlock`). */
export type NetworkPolicyPeer = INetworkPolicyPeer;

/** Horizontal Pod Autoscaler (autoscaling/v2) on CPU utilisation. */
export interface AutoscalingArgs {
  /** Create the HPA. When on, the Deployment leaves `replicas` to it. Default true. */
  readonly enabled?: boolean | undefined;
  /** Default 2: one pod may be evicted while another serves. */
  readonly minReplicas?: number | undefined;
  /** Default 10. */
  readonly maxReplicas?: number | undefined;
  /** Average CPU utilisation (% of requests) the HPA aims for, 1–100. Default 70. */
  readonly targetCPUUtilizationPercentage?: number | undefined;
}

/** Container CPU / memory quantities, e.g. `{ cpu: "250m", memory: "256Mi" }`. */
export interface ResourceQuantities {
  readonly cpu?: string | undefined;
  readonly memory?: string | undefined;
}

/** Requests and limits of the ingestor container; unset fields keep the defaults. */
export interface ResourcesArgs {
  /** Default `{ cpu: "250m", memory: "256Mi" }`. */
  readonly requests?: ResourceQuantities | undefined;
  /** Default `{ cpu: "1", memory: "512Mi" }` (MAX_INFLIGHT_BYTES 64 MiB fits well inside). */
  readonly limits?: ResourceQuantities | undefined;
}

/** How the service is exposed outside the cluster; `V` is the type of annotation values. */
export interface IngressArgs<V = string> {
  /** Which controller; decides ingress class and annotations. */
  readonly flavour: IngressFlavour;
  /** Host name routed to the service; unset routes every host (no TLS possible). */
  readonly host?: string | undefined;
  /**
   * Terminate TLS for `host`. `secretName` names a kubernetes.io/tls Secret (nginx, azure-approuting, gce);
   * ALB uses ACM certificates discovered from the host instead, so a secretName is refused there.
   */
  readonly tls?: { readonly secretName?: string | undefined } | undefined;
  /** Overrides the flavour's ingress class name (e.g. an EKS Auto Mode IngressClass). Not for gce. */
  readonly className?: string | undefined;
  /** Extra annotations, merged over the flavour's defaults; values may be outputs (an ACM certificate ARN). */
  readonly annotations?: Readonly<Record<string, V>> | undefined;
}

/** Pod-level network isolation: who may call the pods and where they may connect. */
export interface NetworkPolicyArgs {
  /** Create the NetworkPolicy. Default false (enforcement needs a CNI that implements it). */
  readonly enabled?: boolean | undefined;
  /** Ports of the Kafka bootstrap servers and brokers. Default: the ports in config KAFKA_BROKERS. */
  readonly kafkaPorts?: readonly number[] | undefined;
  /** CIDRs the Kafka brokers live in. Default `0.0.0.0/0`: managed Kafka addresses are not known up front. */
  readonly kafkaCidrs?: readonly string[] | undefined;
  /**
   * Namespace of the in-cluster ingress controller (nginx, azure-approuting), replacing the flavour's default
   * sources (`FLAVOURS[flavour].ingressFrom`, flavours.ts).
   */
  readonly ingressControllerNamespaceSelector?: LabelSelector | undefined;
  /**
   * Sources allowed to reach the HTTP port, replacing the flavour's default (`FLAVOURS[flavour].ingressFrom`,
   * flavours.ts). alb and gce send traffic from the load balancer straight to pod IPs: with alb, pass your VPC
   * CIDR here (its default is `0.0.0.0/0`).
   */
  readonly ingressFrom?: readonly NetworkPolicyPeer[] | undefined;
  /**
   * More sources allowed to reach the HTTP port, added to `ingressFrom` (or its default), e.g. the cloud's
   * load balancer subnets or a monitoring namespace.
   */
  readonly extraIngressFrom?: readonly NetworkPolicyPeer[] | undefined;
  /**
   * Where the scraper runs, allowed to reach the HTTP port when `metricsScrape` is set. Default by scrape
   * kind: `monitoring` (servicemonitor), `gmp-system` (gke-podmonitoring), `kube-system` (azure-monitor).
   */
  readonly monitoringNamespaceSelector?: LabelSelector | undefined;
}

/**
 * Which managed Prometheus scrapes GET /metrics, by the object it reads: a Prometheus Operator ServiceMonitor
 * (`monitoring.coreos.com/v1`: kube-prometheus-stack, or an in-cluster agent remote-writing to Amazon Managed
 * Service for Prometheus; AMP's agentless collector reads no scrape object, it has its own configuration),
 * GKE Managed Prometheus' PodMonitoring (`monitoring.googleapis.com/v1`), or Azure Monitor managed
 * Prometheus' PodMonitor (`azmonitoring.coreos.com/v1`).
 */
export type MetricsScrapeKind = "servicemonitor" | "gke-podmonitoring" | "azure-monitor";

export const METRICS_SCRAPE_KINDS: readonly MetricsScrapeKind[] = [
  "servicemonitor",
  "gke-podmonitoring",
  "azure-monitor",
];

/** The scrape object with its options. */
export interface MetricsScrapeArgs {
  readonly kind: MetricsScrapeKind;
  /** Scrape interval. Default `30s`. */
  readonly interval?: string | undefined;
  /** Labels on the scrape object, e.g. what a Prometheus `serviceMonitorSelector` matches. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

/** A cloud object the Ingress needs (GKE's ManagedCertificate, FrontendConfig): the platform contract's. */
export type { IngressPrerequisite } from "@event-ingestor/platform";

/**
 * A Job that creates the Kafka topics before the Deployment rolls out (`<appName>-topics`): the app's image,
 * ConfigMap and Secret, running `packages/ingestor/dist/create-topics.js` (main and DLQ topics, if missing).
 */
export interface TopicsJobArgs<V = string> {
  /** Annotations of the Job's own ServiceAccount (its cloud identity, e.g. an IRSA role allowed to create topics). */
  readonly serviceAccountAnnotations: Readonly<Record<string, V>>;
}

/** How the ingestor applies the schemas (its SCHEMA_MODE): `known` checks the types that have one, `strict`
 * also refuses events of any other type. */
export type SchemaMode = Exclude<(typeof SCHEMA_MODES)[number], "off">;

/**
 * Per-event-type JSON Schemas, mounted read-only at `/etc/ingestor/schemas` (SCHEMA_DIR, with SCHEMA_MODE
 * `mode`, default `known`): an existing ConfigMap by name, or files (`<event type>.json` -> schema text) the
 * component puts in `<appName>-schemas`.
 */
export type SchemasArgs = (
  | { readonly configMapName: string; readonly files?: never }
  | { readonly files: Readonly<Record<string, string>>; readonly configMapName?: never }
) & { readonly mode?: SchemaMode | undefined };

/** Graceful shutdown; sets SHUTDOWN_DELAY_MS / SHUTDOWN_TIMEOUT_MS, the preStop sleep and the grace period. */
export interface ShutdownArgs {
  /** Time for endpoints and load balancers to stop routing to a terminating pod. Default 5000. */
  readonly delayMs?: number | undefined;
  /** Hard bound of the ingestor's whole shutdown after SIGTERM, its delay included. Default 25000. */
  readonly timeoutMs?: number | undefined;
}

/** PodDisruptionBudget (policy/v1): exactly one of the two. Default `{ maxUnavailable: 1 }`. */
export type PdbArgs =
  | { readonly minAvailable: number | string; readonly maxUnavailable?: never }
  | { readonly maxUnavailable: number | string; readonly minAvailable?: never };

/**
 * The component's arguments, `V` being the type of the values that may be Pulumi outputs in the component
 * (`pulumi.Input<string>`) and are plain strings for `render` (`string`). Everything else is plain in both.
 */
export interface IngestorAppArgsOf<V> {
  /** Name of every Kubernetes object and the `app.kubernetes.io/instance` label. Default `event-ingestor`. */
  readonly appName?: string | undefined;
  /** Namespace the objects live in. */
  readonly namespace: string;
  /** Create the Namespace (with Pod Security `restricted` enforced). Default true. */
  readonly createNamespace?: boolean | undefined;
  /** Accept an image without a digest (local clusters only): a tag that does not change never rolls out. */
  readonly allowMutableImageTag?: boolean | undefined;
  /** Replicas when autoscaling is off. Default 2. */
  readonly replicas?: number | undefined;
  readonly autoscaling?: AutoscalingArgs | undefined;
  readonly resources?: ResourcesArgs | undefined;
  /**
   * Plain ingestor settings (see the ingestor contract), to a ConfigMap. KAFKA_BROKERS is required; its value
   * may be an output (a managed Kafka's bootstrap address), checked once known. Secrets (KAFKA_SASL_USERNAME,
   * KAFKA_SASL_PASSWORD, API_KEYS) are refused here; PORT, SHUTDOWN_* (and SCHEMA_* with `schemas`) are set
   * by the component, and the settings it reads itself (KAFKA_CLIENT, KAFKA_PRODUCER_THREAD, MAX_BODY_BYTES)
   * must be plain.
   */
  readonly config?: Readonly<Record<string, V>> | undefined;
  /** Ingress; default `{ flavour: "none" }`. */
  readonly ingress?: IngressArgs<V> | undefined;
  /** Cloud workload identity, e.g. `eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`. */
  readonly serviceAccountAnnotations?: Readonly<Record<string, V>> | undefined;
  /**
   * Mount the Kubernetes API token in the pods (and allow it on the ServiceAccount). Default false: the ingestor
   * never calls the API server, IRSA and Azure workload identity project their own token, GKE's metadata server
   * needs none. Turn it on only for a sidecar or tool that talks to the API server.
   */
  readonly automountServiceAccountToken?: boolean | undefined;
  /** Extra pod labels, e.g. `azure.workload.identity/use: "true"` on AKS. Not part of the selector. */
  readonly podLabels?: Readonly<Record<string, string>> | undefined;
  /** Extra pod annotations. */
  readonly podAnnotations?: Readonly<Record<string, string>> | undefined;
  /** Extra labels on every object. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
  /**
   * Labels on the Namespace only (with `createNamespace`), e.g. `elbv2.k8s.aws/pod-readiness-gate-inject:
   * enabled` for the ALB controller's pod readiness gate. The Pod Security labels are the component's.
   */
  readonly namespaceLabels?: Readonly<Record<string, string>> | undefined;
  readonly networkPolicy?: NetworkPolicyArgs | undefined;
  /** Scraping of GET /metrics by the cluster's (managed) Prometheus; a kind alone takes the defaults. */
  readonly metricsScrape?: MetricsScrapeKind | MetricsScrapeArgs | undefined;
  /** Cloud objects in the app's namespace the Ingress needs, created before it. */
  readonly ingressPrerequisites?: readonly IngressPrerequisite[] | undefined;
  /** Create the Kafka topics with a Job before the Deployment (when the cloud has no topic resource). */
  readonly topicsJob?: TopicsJobArgs<V> | undefined;
  readonly schemas?: SchemasArgs | undefined;
  readonly shutdown?: ShutdownArgs | undefined;
  readonly pdb?: PdbArgs | undefined;
  /** UID/GID the container runs as (must match a non-root user of the image). Default 65532 (distroless nonroot). */
  readonly runAsUser?: number | undefined;
  /** Default `{ "kubernetes.io/os": "linux" }`. */
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
  /**
   * Image by digest, `repo@sha256:<64 hex>` (a `repo:tag@sha256:...` is fine too). Pass the pushed image's
   * digest output so the Deployment depends on the push.
   */
  readonly image: V;
  /**
   * Secret settings, to a Kubernetes Secret mounted as files (`<NAME>_FILE` env): KAFKA_SASL_USERNAME,
   * KAFKA_SASL_PASSWORD, API_KEYS, and KAFKA_SSL_CA (a PEM bundle; sets KAFKA_SSL_CA_FILE).
   */
  readonly secretConfig?: Readonly<Record<string, V>> | undefined;
}

/** Arguments of the {@link IngestorApp} component. */
export interface IngestorAppArgs extends IngestorAppArgsOf<pulumi.Input<string>> {
  /**
   * What the Deployment (and the topics Job) must wait for beyond the component's own objects: a managed
   * Kafka, its topics, the workload identity's grants.
   */
  readonly waitFor?: readonly pulumi.Resource[] | undefined;
}

/** The same arguments with plain values: what {@link buildObjects} and `render` take. */
export type IngestorAppSpec = IngestorAppArgsOf<string>;

/** The plain arguments other than the image and secrets: what a stack maps its settings to. */
export type IngestorAppCommonArgs = Omit<IngestorAppSpec, "image" | "secretConfig">;

/** Keys `secretConfig` accepts: the ingestor's secrets, each read from `<KEY>_FILE` (its settings contract). */
export const SECRET_KEYS = SECRET_SETTINGS;

export const DEFAULTS = {
  appName: "event-ingestor",
  /** The ingestor's own default port: the container port, named `http`. */
  port: defaultOf("PORT"),
  servicePort: 80,
  replicas: 2,
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 },
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  shutdown: { delayMs: defaultOf("SHUTDOWN_DELAY_MS"), timeoutMs: defaultOf("SHUTDOWN_TIMEOUT_MS") },
  pdb: { maxUnavailable: 1 },
  runAsUser: 65532,
  nodeSelector: { "kubernetes.io/os": "linux" },
  scrapeInterval: "30s",
  secretMountPath: "/var/run/secrets/event-ingestor",
  schemaMountPath: "/etc/ingestor/schemas",
  topicsJob: { backoffLimit: 3, ttlSecondsAfterFinished: 3600, activeDeadlineSeconds: 600 },
} as const;
