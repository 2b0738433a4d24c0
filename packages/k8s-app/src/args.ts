import type * as pulumi from "@pulumi/pulumi";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";

/** Which ingress controller serves the app. `none` creates no Ingress (in-cluster clients only). */
export type IngressFlavour = "alb" | "gce" | "azure-approuting" | "nginx" | "none";

export const INGRESS_FLAVOURS: readonly IngressFlavour[] = [
  "alb",
  "gce",
  "azure-approuting",
  "nginx",
  "none",
];

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

/** How the service is exposed outside the cluster. */
export interface IngressArgs {
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
  /** Extra annotations, merged over the flavour's defaults. */
  readonly annotations?: Readonly<Record<string, string>> | undefined;
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
   * Namespace of the in-cluster ingress controller (nginx, azure-approuting). Default by flavour:
   * `ingress-nginx` / `app-routing-system`.
   */
  readonly ingressControllerNamespaceSelector?: LabelSelector | undefined;
  /**
   * Sources allowed to reach the HTTP port, replacing the flavour default. alb and gce send traffic from
   * the load balancer straight to pod IPs; their defaults are `0.0.0.0/0` (alb: pass your VPC CIDR) and
   * Google's front-end ranges (gce).
   */
  readonly ingressFrom?: readonly NetworkPolicyPeer[] | undefined;
  /** Where Prometheus runs, allowed to scrape when the ServiceMonitor is on. Default namespace `monitoring`. */
  readonly monitoringNamespaceSelector?: LabelSelector | undefined;
}

/** Prometheus Operator ServiceMonitor (needs the monitoring.coreos.com CRDs in the cluster). */
export interface ServiceMonitorArgs {
  /** Default false. */
  readonly enabled?: boolean | undefined;
  /** Scrape interval. Default `30s`. */
  readonly interval?: string | undefined;
  /** Labels a Prometheus `serviceMonitorSelector` matches, e.g. `{ release: "kube-prometheus-stack" }`. */
  readonly labels?: Readonly<Record<string, string>> | undefined;
}

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

/** Everything but the two values that may be Pulumi outputs (image, secret values). */
export interface IngestorAppCommonArgs {
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
   * Plain ingestor settings (see the ingestor contract), to a ConfigMap. KAFKA_BROKERS is required. Secrets
   * (KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, API_KEYS) are refused here; PORT and SHUTDOWN_* are set by
   * the component.
   */
  readonly config?: Readonly<Record<string, string>> | undefined;
  /** Ingress; default `{ flavour: "none" }`. */
  readonly ingress?: IngressArgs | undefined;
  /** Cloud workload identity, e.g. `eks.amazonaws.com/role-arn`, `iam.gke.io/gcp-service-account`. */
  readonly serviceAccountAnnotations?: Readonly<Record<string, string>> | undefined;
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
  readonly networkPolicy?: NetworkPolicyArgs | undefined;
  readonly serviceMonitor?: ServiceMonitorArgs | undefined;
  readonly shutdown?: ShutdownArgs | undefined;
  readonly pdb?: PdbArgs | undefined;
  /** UID/GID the container runs as (must match a non-root user of the image). Default 65532 (distroless nonroot). */
  readonly runAsUser?: number | undefined;
  /** Default `{ "kubernetes.io/os": "linux" }`. */
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
}

/** Arguments of the {@link IngestorApp} component. */
export interface IngestorAppArgs extends Omit<IngestorAppCommonArgs, "serviceAccountAnnotations"> {
  /** Cloud workload identity annotations; values may be outputs (IRSA role ARN, GSA email, client id). */
  readonly serviceAccountAnnotations?: Readonly<Record<string, pulumi.Input<string>>> | undefined;
  /**
   * Image by digest, `repo@sha256:<64 hex>` (a `repo:tag@sha256:...` is fine too). Pass the pushed image's
   * digest output so the Deployment depends on the push.
   */
  readonly image: pulumi.Input<string>;
  /**
   * Secret settings, to a Kubernetes Secret mounted as files (`<NAME>_FILE` env): KAFKA_SASL_USERNAME,
   * KAFKA_SASL_PASSWORD, API_KEYS, and KAFKA_SSL_CA (a PEM bundle; sets KAFKA_SSL_CA_FILE).
   */
  readonly secretConfig?: Readonly<Record<string, pulumi.Input<string>>> | undefined;
}

/** The same arguments with plain values: what {@link buildObjects} and `render` take. */
export interface IngestorAppSpec extends IngestorAppCommonArgs {
  readonly image: string;
  readonly secretConfig?: Readonly<Record<string, string>> | undefined;
}

/** Keys `secretConfig` accepts: the ingestor's secrets, each read from `<KEY>_FILE`. */
export const SECRET_KEYS = [
  "KAFKA_SASL_USERNAME",
  "KAFKA_SASL_PASSWORD",
  "API_KEYS",
  "KAFKA_SSL_CA",
] as const;

export const DEFAULTS = {
  appName: "event-ingestor",
  port: 8080,
  servicePort: 80,
  replicas: 2,
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 },
  resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
  shutdown: { delayMs: 5000, timeoutMs: 25000 },
  pdb: { maxUnavailable: 1 },
  runAsUser: 65532,
  nodeSelector: { "kubernetes.io/os": "linux" },
  serviceMonitorInterval: "30s",
  secretMountPath: "/var/run/secrets/event-ingestor",
} as const;
