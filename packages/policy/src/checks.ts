// Pure checks on the pod template of a workload's properties: no Pulumi engine, so each rule is unit-testable
// on its own.
import { isRecord } from "@event-ingestor/platform";
import {
  LABEL,
  list,
  podOf,
  record,
  WORKLOAD_KINDS,
  type ContainerView,
  type PodView,
  type WorkloadKind,
} from "./pod.js";

export {
  podOf,
  workloadKindOf,
  WORKLOAD_KINDS,
  type ContainerRole,
  type ContainerView,
  type PodView,
  type WorkloadKind,
} from "./pod.js";

/** Identifiers of the hardening rules, one policy each. */
export type CheckId =
  | "run-as-non-root"
  | "read-only-root-filesystem"
  | "no-privilege-escalation"
  | "drop-all-capabilities"
  | "seccomp-runtime-default"
  | "resources-set"
  | "probes-set"
  | "image-by-digest";

export interface Check {
  readonly id: CheckId;
  readonly description: string;
  /** The kinds it applies to. */
  readonly kinds: readonly WorkloadKind[];
  /** Violation messages for one pod template; empty when it complies. */
  readonly run: (pod: PodView) => string[];
}

/**
 * Kinds the hardening rules apply to: the project's own workloads (the ingestor's Deployment and the topics
 * Job). Other workloads, e.g. a cloud controller's chart, are held to the image rule only.
 */
export const HARDENED_KINDS: readonly WorkloadKind[] = ["Deployment", "Job"];

/** A container setting, falling back to the pod's securityContext as Kubernetes does. */
const effective = (pod: PodView, c: ContainerView, key: string): unknown =>
  c.securityContext[key] ?? pod.securityContext[key];

const each = (pod: PodView, test: (c: ContainerView) => string | undefined): string[] =>
  pod.containers.flatMap((c) => {
    const problem = test(c);
    return problem === undefined ? [] : [`${LABEL[c.role]} "${c.name}": ${problem}`];
  });

const DIGEST = /@sha256:[a-f0-9]{64}$/;

/** Why an image reference is not pinned, or undefined when it is. */
export function imageProblem(image: unknown): string | undefined {
  if (typeof image !== "string" || image === "") return "has no image";
  if (DIGEST.test(image)) return undefined;
  const name = image.split("@")[0] ?? image;
  const tagColon = name.indexOf(":", name.lastIndexOf("/") + 1);
  const tag = tagColon === -1 ? undefined : name.slice(tagColon + 1);
  if (tag === undefined || tag === "latest")
    return `image ${image} uses the mutable "latest" tag; pin it by digest`;
  return `image ${image} is pinned by tag only; use repo@sha256:<digest>`;
}

export const CHECKS: readonly Check[] = [
  {
    id: "run-as-non-root",
    description: "Containers must run as a non-root user (runAsNonRoot: true, runAsUser not 0).",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) => {
        if (effective(pod, c, "runAsNonRoot") !== true) return "runAsNonRoot must be true";
        if (effective(pod, c, "runAsUser") === 0) return "runAsUser must not be 0 (root)";
        return undefined;
      }),
  },
  {
    id: "read-only-root-filesystem",
    description: "Containers must have a read-only root filesystem.",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) =>
        c.securityContext["readOnlyRootFilesystem"] === true
          ? undefined
          : "readOnlyRootFilesystem must be true",
      ),
  },
  {
    id: "no-privilege-escalation",
    description: "Containers must set allowPrivilegeEscalation: false and must not be privileged.",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) => {
        if (c.securityContext["privileged"] === true) return "must not be privileged";
        return c.securityContext["allowPrivilegeEscalation"] === false
          ? undefined
          : "allowPrivilegeEscalation must be false";
      }),
  },
  {
    id: "drop-all-capabilities",
    description: "Containers must drop ALL Linux capabilities.",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) =>
        list(record(c.securityContext["capabilities"])["drop"]).includes("ALL")
          ? undefined
          : "capabilities.drop must include ALL",
      ),
  },
  {
    id: "seccomp-runtime-default",
    description: "Containers must use the RuntimeDefault (or a Localhost) seccomp profile.",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) => {
        const type = record(effective(pod, c, "seccompProfile"))["type"];
        return type === "RuntimeDefault" || type === "Localhost"
          ? undefined
          : "seccompProfile must be RuntimeDefault";
      }),
  },
  {
    id: "resources-set",
    description: "Containers must set CPU and memory requests and limits.",
    kinds: HARDENED_KINDS,
    run: (pod) =>
      each(pod, (c) => {
        if (c.role === "ephemeral") return undefined;
        const missing = (["requests", "limits"] as const).flatMap((kind) =>
          (["cpu", "memory"] as const)
            .filter((r) => record(c.resources[kind])[r] === undefined)
            .map((r) => `${kind}.${r}`),
        );
        return missing.length === 0 ? undefined : `resources ${missing.join(", ")} must be set`;
      }),
  },
  {
    id: "probes-set",
    // A Job's container runs to completion: nothing to probe.
    description: "Containers of a Deployment must have liveness and readiness probes.",
    kinds: ["Deployment"],
    run: (pod) =>
      each(pod, (c) => {
        if (c.role !== "container") return undefined;
        const missing = [
          ...(isRecord(c.livenessProbe) ? [] : ["livenessProbe"]),
          ...(isRecord(c.readinessProbe) ? [] : ["readinessProbe"]),
        ];
        return missing.length === 0 ? undefined : `${missing.join(" and ")} must be set`;
      }),
  },
  {
    id: "image-by-digest",
    description:
      "Images of every workload (init and ephemeral containers too) must be pinned by digest (repo@sha256:...), never latest or a tag alone.",
    kinds: WORKLOAD_KINDS,
    run: (pod) => each(pod, (c) => imageProblem(c.image)),
  },
];

export interface Violation {
  readonly check: CheckId;
  readonly message: string;
}

/** Every violation of every check that applies to a workload of this kind. */
export function evaluateWorkload(kind: WorkloadKind, props: unknown): Violation[] {
  const pod = podOf(props, kind);
  return CHECKS.filter((check) => check.kinds.includes(kind)).flatMap((check) =>
    check.run(pod).map((message) => ({ check: check.id, message })),
  );
}

/** Every violation of every check for a Deployment's props. */
export const evaluateDeployment = (props: unknown): Violation[] => evaluateWorkload("Deployment", props);
