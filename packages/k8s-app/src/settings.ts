import type {
  IngestorAppArgsOf,
  IngressFlavour,
  IngressPrerequisite,
  LabelSelector,
  MetricsScrapeKind,
  NetworkPolicyPeer,
  SchemaMode,
} from "./args.js";

/**
 * Validated arguments with every default applied: what the builders read. Values that may be Pulumi outputs
 * in the component are not here but in the plan's values (`PlanValues` in plan.ts); only their keys are.
 */
export interface Settings {
  readonly appName: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** Undefined when the HPA owns the replica count. */
  readonly replicas: number | undefined;
  readonly autoscaling:
    | {
        readonly minReplicas: number;
        readonly maxReplicas: number;
        readonly targetCPUUtilizationPercentage: number;
      }
    | undefined;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
  };
  /** Every config key, sorted (the values may be outputs). */
  readonly configKeys: readonly string[];
  /** The config values known now: the ones the component reads itself are always among them. */
  readonly knownConfig: Readonly<Record<string, string>>;
  /** Keys of the Secret (values stay out of Settings: they may be Pulumi outputs). */
  readonly secretKeys: readonly string[];
  readonly ingress:
    | {
        readonly flavour: Exclude<IngressFlavour, "none">;
        readonly host: string | undefined;
        readonly tls: { readonly secretName: string | undefined } | undefined;
        readonly className: string | undefined;
      }
    | undefined;
  readonly automountServiceAccountToken: boolean;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly networkPolicy:
    | {
        readonly kafkaPorts: readonly number[];
        readonly kafkaCidrs: readonly string[];
        readonly ingressFrom: readonly NetworkPolicyPeer[];
        readonly monitoringNamespaceSelector: LabelSelector | undefined;
      }
    | undefined;
  readonly metricsScrape:
    | {
        readonly kind: MetricsScrapeKind;
        readonly interval: string;
        readonly labels: Readonly<Record<string, string>>;
      }
    | undefined;
  readonly ingressPrerequisites: readonly IngressPrerequisite[];
  /** Whether the topics Job (and its ServiceAccount) is created. */
  readonly topicsJob: boolean;
  /** The ConfigMap mounted at SCHEMA_DIR, its files when the component creates it, and SCHEMA_MODE. */
  readonly schemas:
    | {
        readonly configMapName: string;
        readonly files: Readonly<Record<string, string>> | undefined;
        readonly mode: SchemaMode;
      }
    | undefined;
  readonly shutdown: { readonly delayMs: number; readonly timeoutMs: number };
  readonly pdb: { readonly minAvailable: number | string } | { readonly maxUnavailable: number | string };
  readonly runAsUser: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** The plain arguments validation reads: values that may be outputs are passed as placeholders. */
export type PlainArgs = Omit<IngestorAppArgsOf<string>, "image" | "secretConfig">;

/** Kubernetes names of the objects, all derived from `appName`. */
export function names(s: Pick<Settings, "appName">) {
  return {
    deployment: s.appName,
    service: s.appName,
    serviceAccount: s.appName,
    configMap: `${s.appName}-config`,
    secret: `${s.appName}-secrets`,
    schemas: `${s.appName}-schemas`,
    ingress: s.appName,
    hpa: s.appName,
    pdb: s.appName,
    networkPolicy: s.appName,
    scrape: s.appName,
    backendConfig: s.appName,
    topicsJob: `${s.appName}-topics`,
    topicsServiceAccount: `${s.appName}-topics`,
  } as const;
}

/** Seconds the preStop hook sleeps: the shutdown delay, rounded up (the hook takes whole seconds). */
export const preStopSeconds = (s: Pick<Settings, "shutdown">): number => Math.ceil(s.shutdown.delayMs / 1000);

/**
 * Grace period: preStop sleep + the ingestor's own bound after SIGTERM + 5 s for the process to exit, so
 * the kubelet's SIGKILL can only come after the ingestor has given up by itself.
 */
export const terminationGraceSeconds = (s: Pick<Settings, "shutdown">): number =>
  preStopSeconds(s) + Math.ceil(s.shutdown.timeoutMs / 1000) + 5;
