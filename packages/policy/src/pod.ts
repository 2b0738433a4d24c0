// Where workloads keep their pods, and a lazy view of a pod spec's containers. Props arrive as untyped JSON
// (any workload, from any program), so every field is read defensively.

import { isRecord } from "@event-ingestor/platform";

/** Kinds that run pods: every one of them can pull an image. */
export const WORKLOAD_KINDS = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
  "Pod",
] as const;

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** Where each kind keeps the spec of the pods it runs. */
const POD_SPEC_PATH: Readonly<Record<WorkloadKind, readonly string[]>> = {
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  Pod: ["spec"],
};

const GROUP_OF: Readonly<Record<WorkloadKind, readonly string[]>> = {
  Deployment: ["apps", "extensions"],
  StatefulSet: ["apps"],
  DaemonSet: ["apps", "extensions"],
  ReplicaSet: ["apps", "extensions"],
  ReplicationController: ["core"],
  Job: ["batch"],
  CronJob: ["batch"],
  Pod: ["core"],
};

const isWorkloadKind = (kind: string): kind is WorkloadKind =>
  (WORKLOAD_KINDS as readonly string[]).includes(kind);

/**
 * The workload kind of a Pulumi Kubernetes type token, in any API version (`kubernetes:apps/v1beta2:Deployment`
 * runs pods as well as `apps/v1`'s), or undefined for anything else.
 */
export function workloadKindOf(type: string): WorkloadKind | undefined {
  const m = /^kubernetes:([\w.]+)\/\w+:(\w+)$/.exec(type);
  const [, group = "", kind = ""] = m ?? [];
  return isWorkloadKind(kind) && GROUP_OF[kind].includes(group) ? kind : undefined;
}

/** The parts of a pod template the checks read. */
export interface PodView {
  readonly securityContext: Record<string, unknown>;
  readonly containers: readonly ContainerView[];
}

/**
 * `init` containers run to completion (no probes); `ephemeral` ones (kubectl debug) take neither probes nor
 * resources, but pull an image and run with a security context like any other.
 */
export type ContainerRole = "container" | "init" | "ephemeral";

export interface ContainerView {
  readonly name: string;
  readonly role: ContainerRole;
  readonly image: unknown;
  readonly securityContext: Record<string, unknown>;
  readonly resources: Record<string, unknown>;
  readonly livenessProbe: unknown;
  readonly readinessProbe: unknown;
}

/** How messages name each kind of container. */
export const LABEL: Readonly<Record<ContainerRole, string>> = {
  container: "container",
  init: "init container",
  ephemeral: "ephemeral container",
};

export const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// Getters, not copies: during preview a field may be unknown, and the policy SDK throws when one is read.
// Reading lazily keeps an unknown image from failing the checks that never look at it.
function container(raw: unknown, role: ContainerRole, index: number): ContainerView {
  const c = record(raw);
  const name = c["name"];
  return {
    name: typeof name === "string" ? name : `#${index}`,
    role,
    get image() {
      return c["image"];
    },
    get securityContext() {
      return record(c["securityContext"]);
    },
    get resources() {
      return record(c["resources"]);
    },
    get livenessProbe() {
      return c["livenessProbe"];
    },
    get readinessProbe() {
      return c["readinessProbe"];
    },
  };
}

/** The pod spec of a workload's props (`spec.template.spec` for a Deployment, `spec` for a Pod). */
export function podOf(props: unknown, kind: WorkloadKind = "Deployment"): PodView {
  const pod = POD_SPEC_PATH[kind].reduce((v, key) => record(v[key]), record(props));
  return {
    securityContext: record(pod["securityContext"]),
    containers: [
      ...list(pod["initContainers"]).map((c, i) => container(c, "init", i)),
      ...list(pod["containers"]).map((c, i) => container(c, "container", i)),
      ...list(pod["ephemeralContainers"]).map((c, i) => container(c, "ephemeral", i)),
    ],
  };
}
