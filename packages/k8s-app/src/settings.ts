import type { IngressFlavour, LabelSelector, NetworkPolicyPeer } from "./args.js";

/** Validated arguments with every default applied: what the builders read. */
export interface Settings {
  readonly appName: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
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
  readonly config: Readonly<Record<string, string>>;
  /** Keys of the Secret (values stay out of Settings: they may be Pulumi outputs). */
  readonly secretKeys: readonly string[];
  readonly ingress:
    | {
        readonly flavour: Exclude<IngressFlavour, "none">;
        readonly host: string | undefined;
        readonly tls: { readonly secretName: string | undefined } | undefined;
        readonly className: string | undefined;
        readonly annotations: Readonly<Record<string, string>>;
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
  readonly serviceMonitor:
    { readonly interval: string; readonly labels: Readonly<Record<string, string>> } | undefined;
  readonly shutdown: { readonly delayMs: number; readonly timeoutMs: number };
  readonly pdb: { readonly minAvailable: number | string } | { readonly maxUnavailable: number | string };
  readonly runAsUser: number;
  readonly nodeSelector: Readonly<Record<string, string>>;
}

/** Kubernetes names of the objects, all derived from `appName`. */
export function names(s: Pick<Settings, "appName">) {
  return {
    deployment: s.appName,
    service: s.appName,
    serviceAccount: s.appName,
    configMap: `${s.appName}-config`,
    secret: `${s.appName}-secrets`,
    ingress: s.appName,
    hpa: s.appName,
    pdb: s.appName,
    networkPolicy: s.appName,
    serviceMonitor: s.appName,
    backendConfig: s.appName,
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
