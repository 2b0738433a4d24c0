// The one contract between the entry program (packages/stack) and the cloud packages. Both sides import it
// from here, so cloud packages need not know `stack`, nor each other.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { SettingName } from "@event-ingestor/ingestor/settings";

/** What the entry program asks of a cloud: names the cloud wires its workload identity to. */
export interface PlatformRequest {
  /** Base name for the cloud's resources (e.g. "event-ingestor"). */
  readonly name: string;
  /** Kubernetes namespace the ingestor runs in. */
  readonly namespace: string;
  /** Kubernetes ServiceAccount the ingestor's pods use; the cloud identity is bound to exactly this one. */
  readonly serviceAccountName: string;
  /** How the app is exposed; unset: no host, no TLS. */
  readonly ingress?: IngressRequest | undefined;
}

/** What the entry program asks of the cloud's ingress: the name, host and whether to terminate TLS. */
export interface IngressRequest {
  /** Name of the Ingress object (the app's name); Azure app routing names the TLS Secret after it. */
  readonly name: string;
  /** Host name clients use; required for TLS (the certificate's name) and for a DNS record. */
  readonly host: string | undefined;
  /** Terminate HTTPS at the cloud's load balancer and redirect HTTP to it. */
  readonly tls: boolean;
}

/** The app once the entry program has created it: what cloud objects that follow it refer to. */
export interface DeployedApp {
  /** The app's component; objects created after it depend on it. */
  readonly resource: pulumi.Resource;
  readonly namespace: string;
  /** Load balancer address from the Ingress status (hostname or IP). */
  readonly address: pulumi.Output<string>;
}

/** The cloud's part of the Ingress: TLS, addressing and DNS. */
export interface CloudIngress {
  /** Annotations the cloud's controller needs on the Ingress (certificates, static IP, redirects). Plain values. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The Ingress TLS entry; undefined for no `spec.tls` (no TLS, or a certificate named by annotation). */
  readonly tls: { readonly secretName?: string | undefined } | undefined;
  /** Labels for the app's namespace (e.g. the ALB controller's pod readiness gate injection). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Where clients connect when the cloud knows it up front (a reserved IP); else the Ingress status. */
  readonly address: pulumi.Output<string> | undefined;
  /**
   * Cloud objects the Ingress names (GKE's ManagedCertificate and FrontendConfig), as plain data: k8s-app's
   * `ingressPrerequisites`, which the app's component creates in its namespace before the Ingress, in the plan
   * `render` prints. None when unset.
   */
  readonly prerequisites?: readonly IngressPrerequisite[] | undefined;
  /** Creates what must follow the app (DNS records for its load balancer). */
  readonly afterApp: ((app: DeployedApp) => void) | undefined;
}

/**
 * A cloud object the Ingress needs, created in the app's namespace before it (GKE's ManagedCertificate and
 * FrontendConfig), without a namespace: k8s-app's component sets `metadata.namespace` and adds its labels; the
 * rest is applied as given. Declared here, where both the clouds and k8s-app (which depends on this package) see it.
 */
export interface IngressPrerequisite {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>> | undefined;
    readonly annotations?: Readonly<Record<string, string>> | undefined;
  };
  readonly spec?: Readonly<Record<string, unknown>> | undefined;
}

/** No TLS, no DNS, nothing to add: the Ingress as the flavour builds it. */
export const plainIngress: CloudIngress = {
  annotations: {},
  tls: undefined,
  namespaceLabels: {},
  address: undefined,
  afterApp: undefined,
};

/** Ingress implementations the clouds provide (a subset of what k8s-app renders). */
export type CloudIngressFlavour = "alb" | "gce" | "azure-approuting";

/** Registry coordinates and short-lived push credentials. */
export interface RegistryAccess {
  /** Where the image is pushed, without a tag (e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com/event-ingestor`). */
  readonly repositoryUrl: pulumi.Output<string>;
  /** Registry host for `docker login`. */
  readonly server: pulumi.Output<string>;
  readonly username: pulumi.Output<string>;
  /** Secret and short-lived: an ECR token, a GCP access token or an ACR refresh token. */
  readonly password: pulumi.Output<string>;
  /**
   * Where the image build's layer cache is exported and imported (`repo:tag`, same credentials): a repository of
   * its own whose tags may move, since the registry keeps the image's tags immutable.
   */
  readonly cacheRef: pulumi.Output<string>;
}

/** One topic the app writes. */
export interface KafkaTopicRequest {
  readonly name: string;
  readonly partitions: number;
}

/** What the entry program asks of the cloud's managed Kafka: the topics the app writes (main + DLQ). */
export interface KafkaRequest {
  readonly topics: readonly KafkaTopicRequest[];
  /**
   * The ServiceAccount (in the platform request's namespace) of the Job that creates the topics where the cloud
   * has no topic resource (AWS); its identity may create exactly these topics.
   */
  readonly topicsServiceAccountName: string;
}

/**
 * How the ingestor authenticates to a cloud's managed Kafka: the `KAFKA_SASL_MECHANISM` values the ingestor
 * implements with the pod's workload identity (packages/ingestor/src/kafka/auth/).
 */
export const MANAGED_KAFKA_MECHANISMS = ["aws-msk-iam", "oauthbearer-gcp", "oauthbearer-azure"] as const;
export type ManagedKafkaMechanism = (typeof MANAGED_KAFKA_MECHANISMS)[number];

/** A cloud's managed Kafka as the app sees it. No secret: the pod authenticates with its workload identity. */
export interface ManagedKafka {
  /** `host:port[,host:port]`; an Output where the cloud computes it (MSK's IAM bootstrap brokers). */
  readonly bootstrapServers: pulumi.Input<string>;
  readonly saslMechanism: ManagedKafkaMechanism;
  /**
   * Every TCP port the pods open to use this Kafka, known before the bootstrap address is (the NetworkPolicy's
   * egress): the brokers' (MSK IAM 9098, GCP 9092, Event Hubs 9093) and the token endpoint's the workload
   * identity signs in at (AWS STS and Entra ID 443; GKE's metadata server 80, and 988 with Dataplane V2).
   */
  readonly ports: readonly number[];
  /**
   * Further ingestor settings the cloud needs (e.g. AWS_REGION; Event Hubs batch/metadata limits), keyed by the
   * ingestor's settings contract: a misspelt setting does not compile.
   */
  readonly env: Readonly<Partial<Record<SettingName, pulumi.Input<string>>>>;
  /** What the Deployment must wait for: the cluster/namespace, the topics, the identity's grants. */
  readonly dependsOn: readonly pulumi.Resource[];
  /**
   * AWS only: topics are created in-cluster by a Job (MSK Serverless has no topic resource). The Job's
   * ServiceAccount gets these annotations (its own identity, allowed to create exactly the requested topics).
   */
  readonly topicsJob?:
    { readonly serviceAccountAnnotations: Readonly<Record<string, pulumi.Input<string>>> } | undefined;
}

/** What the entry program asks of the cloud's managed Prometheus: which pods to scrape, where. */
export interface MetricsRequest {
  /** Labels that select the app's pods (in the platform request's namespace). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Container port serving the metrics. */
  readonly port: number;
  /** HTTP path of the Prometheus text (e.g. `/metrics`). */
  readonly path: string;
}

/** The scrape object k8s-app renders for a cloud's managed Prometheus. */
export type MetricsScrape = "servicemonitor" | "gke-podmonitoring" | "azure-monitor";

/** A cloud's managed Prometheus as the app sees it. */
export interface ManagedMetrics {
  /**
   * The scrape object the app's component renders, or undefined when the cloud scrapes by itself (AWS's managed
   * collector discovers the pods through the Kubernetes API; nothing goes into the app's namespace).
   */
  readonly scrape: MetricsScrape | undefined;
  /** What the app's scrape object needs first (e.g. the CRDs the cloud's agent installs). */
  readonly dependsOn: readonly pulumi.Resource[];
  /** Where the metrics are queried (the workspace's Prometheus query endpoint or resource id). */
  readonly queryEndpoint: pulumi.Output<string>;
}

/** Everything the entry program needs from a cloud to build, push and roll out the ingestor. */
export interface CloudPlatform<F extends CloudIngressFlavour = CloudIngressFlavour> {
  /** Kubernetes provider for the new cluster; every Kubernetes object is created through it. */
  readonly provider: k8s.Provider;
  readonly registry: RegistryAccess;
  readonly ingressFlavour: F;
  /** TLS, addressing and DNS for the Ingress, as the request asked. */
  readonly ingress: CloudIngress;
  /** Annotations that bind the ServiceAccount to the cloud identity (IRSA role, GCP SA, Azure client id). */
  readonly serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  /** Labels the pods need for workload identity (e.g. `azure.workload.identity/use: "true"`). */
  readonly podLabels: Record<string, string>;
  /** Resources that must exist before the app is applied (node pools, ingress controllers). */
  readonly dependsOn: pulumi.Resource[];
  /**
   * Creates the cloud's managed Kafka for the request (cluster or namespace, topics, network access, and the
   * grants of the app's workload identity on exactly those topics). Called at most once, only when the stack's
   * `kafka.mode` is `managed`; external Kafka needs nothing from the cloud.
   */
  createManagedKafka(request: KafkaRequest): ManagedKafka;
  /**
   * Creates the cloud's managed Prometheus and what scrapes the app into it. Called at most once, only when the
   * stack's `app.metrics` is `managed`.
   */
  createManagedMetrics(request: MetricsRequest): ManagedMetrics;
  readonly outputs: {
    readonly clusterName: pulumi.Output<string>;
    /** Secret. */
    readonly kubeconfig: pulumi.Output<string>;
    /** The shell command that writes this cluster's credentials into ~/.kube/config. */
    readonly credentialsCommand: pulumi.Output<string>;
  };
}

/**
 * What a cloud fills in at deploy time, as placeholders for `pnpm render` (each cloud package's `./render`, plain
 * data without the SDK): the same values the platform produces, with made-up identifiers.
 */
export interface RenderPlaceholders<F extends CloudIngressFlavour = CloudIngressFlavour> {
  readonly ingressFlavour: F;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** The registry repository, without a tag. */
  readonly repository: string;
  /** Managed Kafka as `createManagedKafka` returns it, without the resources to wait for. */
  readonly kafka: {
    readonly bootstrapServers: string;
    readonly saslMechanism: ManagedKafkaMechanism;
    readonly ports: readonly number[];
    readonly env: Readonly<Partial<Record<SettingName, string>>>;
    readonly topicsJob?: { readonly serviceAccountAnnotations: Readonly<Record<string, string>> } | undefined;
  };
  /** `createManagedMetrics`' scrape object. */
  readonly metricsScrape: MetricsScrape | undefined;
}
