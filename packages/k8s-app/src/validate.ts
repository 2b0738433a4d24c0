import {
  DEFAULTS,
  INGRESS_FLAVOURS,
  SECRET_KEYS,
  type IngestorAppCommonArgs,
  type IngestorAppSpec,
  type IngressFlavour,
  type NetworkPolicyPeer,
} from "./args.js";
import {
  isCidr,
  isDns1035Label,
  isDns1123Label,
  isDns1123Subdomain,
  isEnvName,
  isHost,
  isInt,
  isPort,
} from "./checks.js";
import type { Result } from "./errors.js";
import { checkImage } from "./image.js";
import { Issues } from "./issues.js";
import { validatePdb, validateResources } from "./validate-resources.js";
import type { Settings } from "./settings.js";

/** Set by the component from SHUTDOWN_* args and the container port; a config value would contradict them. */
const RESERVED_CONFIG = ["PORT", "SHUTDOWN_DELAY_MS", "SHUTDOWN_TIMEOUT_MS"];

/** Where each in-cluster controller runs, and where cloud load balancers send traffic from. */
function defaultIngressFrom(flavour: IngressFlavour): NetworkPolicyPeer[] {
  const namespace = (name: string): NetworkPolicyPeer => ({
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
  });
  switch (flavour) {
    case "nginx":
      return [namespace("ingress-nginx")];
    case "azure-approuting":
      return [namespace("app-routing-system")];
    case "gce":
      // Google front ends and health checkers (container-native LB sends straight to pod IPs).
      return [{ ipBlock: { cidr: "130.211.0.0/22" } }, { ipBlock: { cidr: "35.191.0.0/16" } }];
    case "alb":
      // ALB (target-type ip) connects from its ENIs in the VPC; the VPC CIDR is not known here.
      return [{ ipBlock: { cidr: "0.0.0.0/0" } }];
    case "none":
      return [{ namespaceSelector: {} }];
  }
}

/** Ports of `host:port,host:port`, or undefined when an entry has no valid port. */
function brokerPorts(brokers: string): number[] | undefined {
  const ports = brokers.split(",").map((entry) => Number(/:(\d+)$/.exec(entry.trim())?.[1]));
  return ports.every(isPort) ? [...new Set(ports)] : undefined;
}

function validateConfig(args: IngestorAppCommonArgs, secretKeys: readonly string[], issues: Issues): void {
  const config: Readonly<Record<string, unknown>> = args.config ?? {};
  for (const [key, value] of Object.entries(config)) {
    const path = `config.${key}`;
    if (!isEnvName(key)) issues.add("INVALID_ENV_NAME", path, `${key} is not an environment variable name`);
    if (typeof value !== "string")
      issues.add("INVALID_CONFIG_VALUE", path, "values must be strings (quote numbers)");
    if ((SECRET_KEYS as readonly string[]).includes(key)) {
      issues.add(
        "SECRET_IN_CONFIG",
        path,
        `${key} is a secret: pass it in secretConfig (a Secret), never a ConfigMap`,
      );
    }
    if (RESERVED_CONFIG.includes(key) || secretKeys.some((s) => `${s}_FILE` === key)) {
      issues.add(
        "RESERVED_CONFIG_KEY",
        path,
        `${key} is set by the component (shutdown args, port, mounted secrets)`,
      );
    }
  }
  const brokers = config["KAFKA_BROKERS"];
  if (typeof brokers !== "string" || brokers.trim() === "") {
    issues.add(
      "MISSING_KAFKA_BROKERS",
      "config.KAFKA_BROKERS",
      "the ingestor needs its Kafka bootstrap servers",
    );
  } else if (brokerPorts(brokers) === undefined) {
    issues.add(
      "INVALID_KAFKA_BROKERS",
      "config.KAFKA_BROKERS",
      `${brokers} is not a comma-separated host:port list`,
    );
  }
  for (const key of secretKeys) {
    if (!(SECRET_KEYS as readonly string[]).includes(key)) {
      issues.add(
        "UNKNOWN_SECRET_KEY",
        `secretConfig.${key}`,
        `secretConfig accepts ${SECRET_KEYS.join(", ")}`,
      );
    }
  }
}

function validateIngress(args: IngestorAppCommonArgs, issues: Issues): Settings["ingress"] {
  const ingress = args.ingress;
  if (ingress === undefined || ingress.flavour === "none") return undefined;
  if (!INGRESS_FLAVOURS.includes(ingress.flavour)) {
    const known = INGRESS_FLAVOURS.join(", ");
    issues.add(
      "INVALID_INGRESS_FLAVOUR",
      "ingress.flavour",
      `${JSON.stringify(ingress.flavour)} is not one of ${known}`,
    );
    return undefined;
  }
  const { flavour, host, tls, className } = ingress;
  if (host !== undefined && !isHost(host))
    issues.add("INVALID_HOST", "ingress.host", `${host} is not a DNS name`);
  if (tls !== undefined && host === undefined) {
    issues.add("INGRESS_TLS_WITHOUT_HOST", "ingress.tls", "TLS needs ingress.host (the certificate's name)");
  }
  if (tls?.secretName !== undefined && flavour === "alb") {
    issues.add(
      "INGRESS_TLS_SECRET_UNSUPPORTED",
      "ingress.tls.secretName",
      "ALB takes ACM certificates, not Secrets",
    );
  }
  if (tls?.secretName !== undefined && !isDns1123Subdomain(tls.secretName)) {
    issues.add("INVALID_NAME", "ingress.tls.secretName", `${tls.secretName} is not a Secret name`);
  }
  if (className !== undefined && flavour === "gce") {
    issues.add(
      "INGRESS_CLASS_UNSUPPORTED",
      "ingress.className",
      "GKE Ingress is chosen by annotation, not class",
    );
  }
  issues.annotations(ingress.annotations ?? {}, "ingress.annotations");
  return {
    flavour,
    host,
    tls: tls === undefined ? undefined : { secretName: tls.secretName },
    className,
    annotations: ingress.annotations ?? {},
  };
}

function validateNetworkPolicy(args: IngestorAppCommonArgs, issues: Issues): Settings["networkPolicy"] {
  const np = args.networkPolicy;
  if (np?.enabled !== true) return undefined;
  const brokers = args.config?.["KAFKA_BROKERS"];
  const kafkaPorts = np.kafkaPorts ?? (brokers === undefined ? undefined : brokerPorts(brokers)) ?? [];
  kafkaPorts.forEach((p, i) => {
    if (!isPort(p))
      issues.add("INVALID_PORT", `networkPolicy.kafkaPorts[${i}]`, `${JSON.stringify(p)} is not a port`);
  });
  const kafkaCidrs = np.kafkaCidrs ?? ["0.0.0.0/0"];
  kafkaCidrs.forEach((c, i) => {
    if (!isCidr(c))
      issues.add("INVALID_CIDR", `networkPolicy.kafkaCidrs[${i}]`, `${JSON.stringify(c)} is not a CIDR`);
  });
  const flavour = args.ingress?.flavour ?? "none";
  const controller = np.ingressControllerNamespaceSelector;
  const monitoring =
    args.serviceMonitor?.enabled === true
      ? (np.monitoringNamespaceSelector ?? { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } })
      : undefined;
  return {
    kafkaPorts,
    kafkaCidrs,
    ingressFrom:
      np.ingressFrom ??
      (controller === undefined ? defaultIngressFrom(flavour) : [{ namespaceSelector: controller }]),
    monitoringNamespaceSelector: monitoring,
  };
}

/** Checks the plain arguments and applies the defaults. Every problem is reported, not just the first. */
export function resolveSettings(
  args: IngestorAppCommonArgs,
  secretKeys: readonly string[],
): Result<Settings> {
  const issues = new Issues();
  const appName = args.appName ?? DEFAULTS.appName;
  // Longest derived name is `<appName>-secrets`; Service names must be DNS-1035 labels.
  if (!isDns1035Label(appName) || appName.length > 50) {
    issues.add("INVALID_NAME", "appName", `${appName} must be a DNS-1035 label of at most 50 characters`);
  }
  if (!isDns1123Label(args.namespace)) {
    issues.add("INVALID_NAME", "namespace", `${JSON.stringify(args.namespace)} is not a namespace name`);
  }
  const a = args.autoscaling;
  const d = DEFAULTS.autoscaling;
  const hpa =
    a?.enabled === false
      ? undefined
      : {
          minReplicas: a?.minReplicas ?? d.minReplicas,
          maxReplicas: a?.maxReplicas ?? d.maxReplicas,
          targetCPUUtilizationPercentage:
            a?.targetCPUUtilizationPercentage ?? d.targetCPUUtilizationPercentage,
        };
  const replicas = args.replicas ?? DEFAULTS.replicas;
  if (hpa === undefined) issues.int(replicas, "replicas", 1);
  if (hpa !== undefined) {
    issues.int(hpa.minReplicas, "autoscaling.minReplicas", 1);
    issues.int(hpa.maxReplicas, "autoscaling.maxReplicas", 1);
    issues.int(hpa.targetCPUUtilizationPercentage, "autoscaling.targetCPUUtilizationPercentage", 1, 100);
    if (hpa.maxReplicas < hpa.minReplicas) {
      issues.add(
        "AUTOSCALING_RANGE",
        "autoscaling",
        `maxReplicas ${hpa.maxReplicas} < minReplicas ${hpa.minReplicas}`,
      );
    }
  }
  const resources = validateResources(args.resources, issues);
  validateConfig(args, secretKeys, issues);
  const shutdown = {
    delayMs: args.shutdown?.delayMs ?? DEFAULTS.shutdown.delayMs,
    timeoutMs: args.shutdown?.timeoutMs ?? DEFAULTS.shutdown.timeoutMs,
  };
  issues.int(shutdown.delayMs, "shutdown.delayMs", 0);
  issues.int(shutdown.timeoutMs, "shutdown.timeoutMs", 1000);
  if (shutdown.delayMs >= shutdown.timeoutMs) {
    issues.add(
      "SHUTDOWN_DELAY_EXCEEDS_TIMEOUT",
      "shutdown",
      "timeoutMs bounds the whole shutdown, delay included",
    );
  }
  const pdb = validatePdb(args.pdb, hpa?.minReplicas ?? replicas, issues);
  const runAsUser = args.runAsUser ?? DEFAULTS.runAsUser;
  if (!isInt(runAsUser) || runAsUser < 1)
    issues.add("RUN_AS_ROOT", "runAsUser", "the container must not run as root (0)");
  issues.labels(args.labels ?? {}, "labels", false);
  issues.labels(args.podLabels ?? {}, "podLabels", false);
  issues.labels(args.serviceMonitor?.labels ?? {}, "serviceMonitor.labels", true);
  const ingress = validateIngress(args, issues);
  const networkPolicy = validateNetworkPolicy(args, issues);
  issues.annotations(args.serviceAccountAnnotations ?? {}, "serviceAccountAnnotations");
  issues.annotations(args.podAnnotations ?? {}, "podAnnotations");
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  return {
    ok: true,
    value: {
      appName,
      namespace: args.namespace,
      createNamespace: args.createNamespace ?? true,
      replicas: hpa === undefined ? replicas : undefined,
      autoscaling: hpa,
      resources,
      config: args.config ?? {},
      secretKeys: [...secretKeys].sort(),
      ingress,
      // IRSA and Azure workload identity project their own token; GKE's metadata server needs none.
      automountServiceAccountToken: args.automountServiceAccountToken ?? false,
      podLabels: args.podLabels ?? {},
      podAnnotations: args.podAnnotations ?? {},
      labels: args.labels ?? {},
      networkPolicy,
      serviceMonitor:
        args.serviceMonitor?.enabled === true
          ? {
              interval: args.serviceMonitor.interval ?? DEFAULTS.serviceMonitorInterval,
              labels: args.serviceMonitor.labels ?? {},
            }
          : undefined,
      shutdown,
      pdb,
      runAsUser,
      nodeSelector: args.nodeSelector ?? DEFAULTS.nodeSelector,
    },
  };
}

/** Plain arguments (image and secret values resolved), the image checked too. */
export function resolveSpec(spec: IngestorAppSpec): Result<Settings> {
  const settings = resolveSettings(spec, Object.keys(spec.secretConfig ?? {}));
  const image = checkImage(spec.image, spec.allowMutableImageTag ?? false);
  if (image === undefined) return settings;
  return { ok: false, issues: [image, ...(settings.ok ? [] : settings.issues)] };
}
