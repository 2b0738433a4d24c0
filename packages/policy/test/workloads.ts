// Every Pulumi Kubernetes type that runs pods, around a pod spec nested as its API nests it (written out
// here by hand, independently of the pack's own table of paths).
import type { WorkloadKind } from "../src/checks.js";

type Wrap = (pod: Record<string, unknown>) => Record<string, unknown>;

const template: Wrap = (pod) => ({ spec: { template: { spec: pod } } });
const cronJob: Wrap = (pod) => ({
  spec: { schedule: "0 * * * *", jobTemplate: { spec: { template: { spec: pod } } } },
});

/** [type token, kind, props around a pod spec]. */
export const WORKLOAD_TYPES: readonly (readonly [string, WorkloadKind, Wrap])[] = [
  ["kubernetes:apps/v1:Deployment", "Deployment", template],
  ["kubernetes:apps/v1:StatefulSet", "StatefulSet", template],
  ["kubernetes:apps/v1:DaemonSet", "DaemonSet", template],
  ["kubernetes:apps/v1:ReplicaSet", "ReplicaSet", template],
  ["kubernetes:core/v1:ReplicationController", "ReplicationController", template],
  ["kubernetes:batch/v1:Job", "Job", template],
  ["kubernetes:batch/v1:CronJob", "CronJob", cronJob],
  ["kubernetes:core/v1:Pod", "Pod", (pod) => ({ spec: pod })],
  // Older API versions still have Pulumi types; a policy keyed on apps/v1 alone would let them through.
  ["kubernetes:apps/v1beta2:StatefulSet", "StatefulSet", template],
  ["kubernetes:extensions/v1beta1:DaemonSet", "DaemonSet", template],
  ["kubernetes:batch/v1beta1:CronJob", "CronJob", cronJob],
];
