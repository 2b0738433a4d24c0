// Argument validation: every rule about the component's arguments lives in this folder. Each check adds to one
// `Issues` list, so a run reports every problem, not just the first.
import { DEFAULTS, type IngestorAppSpec } from "../args.js";
import type { Result } from "../errors.js";
import { checkImage } from "./image.js";
import type { PlainArgs, Settings } from "../settings.js";
import { isDns1035Label, isDns1123Label, isInt } from "./checks.js";
import { validateConfig } from "./config.js";
import { validateIngress } from "./ingress.js";
import { Issues } from "./issues.js";
import { validateNetworkPolicy } from "./network-policy.js";
import {
  validateMetricsScrape,
  validateNamespaceLabels,
  validatePrerequisites,
  validateSchemas,
} from "./objects.js";
import { validatePdb, validateResources } from "./resources.js";

export { brokersIssue } from "./config.js";

/** Keys of the values that may be outputs, known before their values. */
export interface ValueKeys {
  /** Keys of `secretConfig`. */
  readonly secretKeys: readonly string[];
  /** Config keys whose values are outputs (absent from `args.config`). */
  readonly deferredConfigKeys?: readonly string[] | undefined;
}

function validateScaling(args: PlainArgs, issues: Issues) {
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
  return { hpa, replicas };
}

function validateShutdown(args: PlainArgs, issues: Issues): Settings["shutdown"] {
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
  return shutdown;
}

/** Checks the plain arguments and applies the defaults. Every problem is reported, not just the first. */
export function resolveSettings(args: PlainArgs, keys: ValueKeys): Result<Settings> {
  const issues = new Issues();
  const deferred = keys.deferredConfigKeys ?? [];
  const appName = args.appName ?? DEFAULTS.appName;
  // Longest derived name is `<appName>-secrets` / `-schemas`; Service names must be DNS-1035 labels.
  if (!isDns1035Label(appName) || appName.length > 50) {
    issues.add("INVALID_NAME", "appName", `${appName} must be a DNS-1035 label of at most 50 characters`);
  }
  if (!isDns1123Label(args.namespace)) {
    issues.add("INVALID_NAME", "namespace", `${JSON.stringify(args.namespace)} is not a namespace name`);
  }
  const { hpa, replicas } = validateScaling(args, issues);
  const resources = validateResources(args.resources, issues);
  const config = args.config ?? {};
  validateConfig(config, deferred, keys.secretKeys, args.schemas, issues);
  const shutdown = validateShutdown(args, issues);
  const pdb = validatePdb(args.pdb, hpa?.minReplicas ?? replicas, issues);
  const runAsUser = args.runAsUser ?? DEFAULTS.runAsUser;
  if (!isInt(runAsUser) || runAsUser < 1)
    issues.add("RUN_AS_ROOT", "runAsUser", "the container must not run as root (0)");
  issues.labels(args.labels ?? {}, "labels", false);
  issues.labels(args.podLabels ?? {}, "podLabels", false);
  const namespaceLabels = validateNamespaceLabels(args, issues);
  const ingress = validateIngress(args, issues);
  const metricsScrape = validateMetricsScrape(args, issues);
  const networkPolicy = validateNetworkPolicy(
    args,
    metricsScrape,
    deferred.includes("KAFKA_BROKERS"),
    issues,
  );
  const ingressPrerequisites = validatePrerequisites(args, issues);
  const schemas = validateSchemas(args, issues);
  issues.annotations(args.serviceAccountAnnotations ?? {}, "serviceAccountAnnotations");
  issues.annotations(args.topicsJob?.serviceAccountAnnotations ?? {}, "topicsJob.serviceAccountAnnotations");
  issues.annotations(args.podAnnotations ?? {}, "podAnnotations");
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  return {
    ok: true,
    value: {
      appName,
      namespace: args.namespace,
      createNamespace: args.createNamespace ?? true,
      namespaceLabels,
      replicas: hpa === undefined ? replicas : undefined,
      autoscaling: hpa,
      resources,
      configKeys: [...Object.keys(config), ...deferred].sort(),
      knownConfig: config,
      secretKeys: [...keys.secretKeys].sort(),
      ingress,
      // IRSA and Azure workload identity project their own token; GKE's metadata server needs none.
      automountServiceAccountToken: args.automountServiceAccountToken ?? false,
      podLabels: args.podLabels ?? {},
      podAnnotations: args.podAnnotations ?? {},
      labels: args.labels ?? {},
      networkPolicy,
      metricsScrape,
      ingressPrerequisites,
      topicsJob: args.topicsJob !== undefined,
      schemas,
      shutdown,
      pdb,
      runAsUser,
      nodeSelector: args.nodeSelector ?? DEFAULTS.nodeSelector,
    },
  };
}

/** Plain arguments (image and secret values resolved), the image checked too. */
export function resolveSpec(spec: IngestorAppSpec): Result<Settings> {
  const settings = resolveSettings(spec, { secretKeys: Object.keys(spec.secretConfig ?? {}) });
  const image = checkImage(spec.image, spec.allowMutableImageTag ?? false);
  if (image === undefined) return settings;
  return { ok: false, issues: [image, ...(settings.ok ? [] : settings.issues)] };
}
