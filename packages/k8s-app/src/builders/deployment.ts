import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import { hasProducerThread, inflightBytesFor, nodeOptionsFor } from "@event-ingestor/ingestor/settings";
import { DEFAULTS } from "../args.js";
import { commonLabels, objectMeta, selectorLabels } from "../labels.js";
import { names, preStopSeconds, terminationGraceSeconds, type Settings } from "../settings.js";
import { containerBase, podBase } from "./pod.js";

export const CONTAINER_NAME = "ingestor";

/**
 * What the Deployment takes beyond the settings: the only values that may be Pulumi outputs (`V`) in the
 * component, where everything else stays a plain value that `pulumi preview` shows and policies read.
 */
export interface DeploymentInputs<V = string> {
  /** Image reference (by digest). */
  readonly image: V;
  /** Checksum of the ConfigMap's data (an output only when a config value is), so new settings roll the pods. */
  readonly configChecksum: V;
  /** Checksum of the Secret's values (undefined when there is no Secret), so a changed secret rolls the pods. */
  readonly secretChecksum: V | undefined;
  /** Checksum of the schema files the component mounts (undefined without them). */
  readonly schemasChecksum: string | undefined;
}

const httpGet = (path: string) => ({ path, port: "http", scheme: "HTTP" as const });

/** Readiness: GET /readyz every 5 s; out after 2 failures, back in after 1 success (GKE's health check too). */
export const READINESS = {
  path: "/readyz",
  periodSeconds: 5,
  timeoutSeconds: 2,
  failureThreshold: 2,
  successThreshold: 1,
} as const;

const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
};

/** Bytes of a Kubernetes memory quantity ("512Mi", "1G", "268435456"), or undefined when not understood. */
export function memoryBytes(quantity: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(k|M|G|Ki|Mi|Gi)?$/.exec(quantity ?? "");
  if (m === null) return undefined;
  return Number(m[1]) * (UNITS[m[2] ?? ""] ?? 1);
}

/**
 * V8 sizes its heap from the node's memory, not the container's, and collects lazily far from that limit:
 * bound the HTTP thread's heap to 60% of the memory limit, less the producer thread's own heap when there is
 * one (kafkajs' worker: `hasProducerThread` and `PRODUCER_THREAD_HEAP_MIB` of the ingestor's settings contract), so garbage is collected before the kernel's OOM killer acts. A bound much tighter than the live heap
 * needs costs CPU instead: with librdkafka at 96 MiB (the kafkajs figure for 256 MiB) the bench spent 3x the
 * CPU per event in the garbage collector; at 153 MiB single-event throughput doubled (docs/bench.md).
 */
export function nodeOptions(memoryLimit: string | undefined, producerThread = false): string | undefined {
  const bytes = memoryBytes(memoryLimit);
  if (bytes === undefined) return undefined;
  return nodeOptionsFor(bytes, producerThread);
}

/**
 * MAX_INFLIGHT_BYTES from the memory limit (the ingestor's `inflightBytesFor`), unless the config sets it: the
 * budget bounds what requests in flight may cost, so it scales with the memory they may cost it in.
 */
export function inflightBudget(
  memoryLimit: string | undefined,
  config: Readonly<Record<string, string>>,
): string | undefined {
  if (config["MAX_INFLIGHT_BYTES"] !== undefined) return undefined;
  const bytes = memoryBytes(memoryLimit);
  return bytes === undefined ? undefined : String(inflightBytesFor(bytes));
}

function container<V>(s: Settings, image: V) {
  const delay = preStopSeconds(s);
  const heap = nodeOptions(s.resources.limits.memory, hasProducerThread(s.knownConfig));
  const budget = inflightBudget(s.resources.limits.memory, s.knownConfig);
  const base = containerBase(s);
  const env = [
    { name: "PORT", value: String(DEFAULTS.port) },
    ...(heap === undefined ? [] : [{ name: "NODE_OPTIONS", value: heap }]),
    ...(budget === undefined ? [] : [{ name: "MAX_INFLIGHT_BYTES", value: budget }]),
    // The preStop sleep already waited while endpoints and load balancers dropped the pod (Kubernetes takes a
    // terminating pod out of its EndpointSlices itself): waiting again after SIGTERM only slows rollouts.
    { name: "SHUTDOWN_DELAY_MS", value: delay > 0 ? "0" : String(s.shutdown.delayMs) },
    { name: "SHUTDOWN_TIMEOUT_MS", value: String(s.shutdown.timeoutMs) },
    ...base.env,
  ];
  // Typed against the model without the image, which is the caller's `V`.
  const rest = {
    imagePullPolicy: base.imagePullPolicy,
    ports: [{ name: "http", containerPort: DEFAULTS.port, protocol: "TCP" }],
    env,
    envFrom: base.envFrom,
    resources: base.resources,
    // Startup gives a cold pod up to 60 s before liveness may restart it.
    startupProbe: { httpGet: httpGet("/healthz"), periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 30 },
    livenessProbe: {
      httpGet: httpGet("/healthz"),
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    readinessProbe: {
      httpGet: httpGet(READINESS.path),
      periodSeconds: READINESS.periodSeconds,
      timeoutSeconds: READINESS.timeoutSeconds,
      failureThreshold: READINESS.failureThreshold,
      successThreshold: READINESS.successThreshold,
    },
    // The native sleep action: the image need not ship a `sleep` binary (Kubernetes >= 1.30).
    ...(delay > 0 ? { lifecycle: { preStop: { sleep: { seconds: delay } } } } : {}),
    securityContext: base.securityContext,
    volumeMounts: base.volumeMounts,
    terminationMessagePolicy: base.terminationMessagePolicy,
  } satisfies Omit<IContainer, "name" | "image">;
  return { name: CONTAINER_NAME, image, ...rest };
}

function podSpec<V>(s: Settings, image: V) {
  const spread = (topologyKey: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway" as const,
    labelSelector: { matchLabels: selectorLabels(s) },
    // Spread the new ReplicaSet on its own during a rollout, not together with the pods it replaces.
    matchLabelKeys: ["pod-template-hash"],
  });
  const { volumes, ...base } = podBase(s, names(s).serviceAccount);
  const pod = {
    serviceAccountName: base.serviceAccountName,
    automountServiceAccountToken: base.automountServiceAccountToken,
    enableServiceLinks: base.enableServiceLinks,
    terminationGracePeriodSeconds: terminationGraceSeconds(s),
    securityContext: base.securityContext,
    nodeSelector: base.nodeSelector,
    topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
  } satisfies Omit<IPodSpec, "containers" | "volumes">;
  return { ...pod, containers: [container(s, image)], volumes };
}

/**
 * The ingestor Deployment, hardened as docs/k8s-app.md ("Hardening choices") explains. A plain object around `inputs`: with `V = string`
 * it is a Kubernetes Deployment (checked below); the component passes outputs for the image and checksum.
 */
export function buildDeployment<V = string>(s: Settings, inputs: DeploymentInputs<V>) {
  const annotations: Record<string, string | V> = {
    ...s.podAnnotations,
    "kubectl.kubernetes.io/default-container": CONTAINER_NAME,
    "checksum/config": inputs.configChecksum,
  };
  if (inputs.secretChecksum !== undefined) annotations["checksum/secret"] = inputs.secretChecksum;
  if (inputs.schemasChecksum !== undefined) annotations["checksum/schemas"] = inputs.schemasChecksum;
  const spec = {
    // With an HPA the replica count is its to set; a value here would fight it on every update.
    ...(s.replicas === undefined ? {} : { replicas: s.replicas }),
    revisionHistoryLimit: 5,
    progressDeadlineSeconds: 600,
    selector: { matchLabels: selectorLabels(s) },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" } },
  } satisfies Omit<IDeploymentSpec, "template">;
  return {
    apiVersion: "apps/v1" as const,
    kind: "Deployment" as const,
    metadata: objectMeta(s, names(s).deployment),
    spec: {
      ...spec,
      template: {
        metadata: { labels: { ...commonLabels(s), ...s.podLabels }, annotations },
        spec: podSpec(s, inputs.image),
      },
    },
  };
}

/**
 * The Deployment as the component registers it: plain, with `V` for the image and the secret checksum. With
 * `V = string` it must be an IDeployment: `buildObjects` returns it as one (a type error otherwise).
 */
export type DeploymentObject<V = string> = ReturnType<typeof buildDeployment<V>>;
