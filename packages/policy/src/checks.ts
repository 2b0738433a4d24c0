// Pure checks on a Deployment's properties: no Pulumi engine, so each rule is unit-testable on its own.
// Props arrive as untyped JSON (any Deployment, from any program), so every field is read defensively.

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
  /** Violation messages for one pod template; empty when it complies. */
  readonly run: (pod: PodView) => string[];
}

/** The parts of a pod template the checks read. */
export interface PodView {
  readonly securityContext: Record<string, unknown>;
  readonly containers: readonly ContainerView[];
}

export interface ContainerView {
  readonly name: string;
  /** Init containers run to completion: probes do not apply to them. */
  readonly init: boolean;
  readonly image: unknown;
  readonly securityContext: Record<string, unknown>;
  readonly resources: Record<string, unknown>;
  readonly livenessProbe: unknown;
  readonly readinessProbe: unknown;
}

export const DEPLOYMENT_TYPE = "kubernetes:apps/v1:Deployment";

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// Getters, not copies: during preview a field may be unknown, and the policy SDK throws when one is read.
// Reading lazily keeps an unknown image from failing the checks that never look at it.
function container(raw: unknown, init: boolean, index: number): ContainerView {
  const c = record(raw);
  const name = c["name"];
  return {
    name: typeof name === "string" ? name : `#${index}`,
    init,
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

/** The pod template of a Deployment's props (`spec.template.spec`). */
export function podOf(props: unknown): PodView {
  const pod = record(record(record(record(props)["spec"])["template"])["spec"]);
  return {
    securityContext: record(pod["securityContext"]),
    containers: [
      ...list(pod["initContainers"]).map((c, i) => container(c, true, i)),
      ...list(pod["containers"]).map((c, i) => container(c, false, i)),
    ],
  };
}

/** A container setting, falling back to the pod's securityContext as Kubernetes does. */
const effective = (pod: PodView, c: ContainerView, key: string): unknown =>
  c.securityContext[key] ?? pod.securityContext[key];

const each = (pod: PodView, test: (c: ContainerView) => string | undefined): string[] =>
  pod.containers.flatMap((c) => {
    const problem = test(c);
    return problem === undefined ? [] : [`container "${c.name}": ${problem}`];
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
    run: (pod) =>
      each(pod, (c) => {
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
    description: "Containers must have liveness and readiness probes.",
    run: (pod) =>
      each(pod, (c) => {
        if (c.init) return undefined;
        const missing = [
          ...(isRecord(c.livenessProbe) ? [] : ["livenessProbe"]),
          ...(isRecord(c.readinessProbe) ? [] : ["readinessProbe"]),
        ];
        return missing.length === 0 ? undefined : `${missing.join(" and ")} must be set`;
      }),
  },
  {
    id: "image-by-digest",
    description: "Images must be pinned by digest (repo@sha256:...), never latest or a tag alone.",
    run: (pod) => each(pod, (c) => imageProblem(c.image)),
  },
];

export interface Violation {
  readonly check: CheckId;
  readonly message: string;
}

/** Every violation of every check for a Deployment's props. */
export function evaluateDeployment(props: unknown): Violation[] {
  const pod = podOf(props);
  return CHECKS.flatMap((check) => check.run(pod).map((message) => ({ check: check.id, message })));
}
