import type { KubeObject } from "./build.js";

/**
 * Every kind the component plans itself. An Ingress prerequisite of one of these kinds is refused (it would be
 * a second, unplanned copy), so anything else rendered is a prerequisite.
 */
export const PLANNED_KINDS = [
  "Namespace",
  "ServiceAccount",
  "ConfigMap",
  "Secret",
  "Service",
  "Deployment",
  "Job",
  "HorizontalPodAutoscaler",
  "PodDisruptionBudget",
  "NetworkPolicy",
  "Ingress",
  "ServiceMonitor",
  "PodMonitoring",
  "PodMonitor",
  "BackendConfig",
] as const satisfies readonly KubeObject["kind"][];

// Fails to compile when a kind is added to KubeObject but not to the list.
type Missing = Exclude<KubeObject["kind"], (typeof PLANNED_KINDS)[number]>;
export const ALL_KINDS_LISTED: Missing extends never ? true : never = true;

export const isPlannedKind = (kind: unknown): kind is KubeObject["kind"] =>
  (PLANNED_KINDS as readonly unknown[]).includes(kind);
