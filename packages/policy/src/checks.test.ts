import { buildObjects } from "@event-ingestor/k8s-app";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  evaluateWorkload,
  HARDENED_KINDS,
  imageProblem,
  workloadKindOf,
  WORKLOAD_KINDS,
  type CheckId,
} from "./checks.js";
import { WORKLOAD_TYPES } from "../test/workloads.js";

const DIGEST = `sha256:${"c".repeat(64)}`;

const securityContext = (): Record<string, unknown> => ({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
});

const container = (): Record<string, unknown> => ({
  name: "app",
  image: `registry.example.com/app@${DIGEST}`,
  resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "256Mi" } },
  livenessProbe: { httpGet: { path: "/healthz", port: 8080 } },
  readinessProbe: { httpGet: { path: "/readyz", port: 8080 } },
  securityContext: securityContext(),
});

const podSpec = (): Record<string, unknown> => ({
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
});

/** A Deployment's props around one container and pod spec. */
const deployment = (c: Record<string, unknown>, pod: Record<string, unknown>) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "app" },
  spec: {
    selector: { matchLabels: { app: "x" } },
    template: { metadata: { labels: { app: "x" } }, spec: { ...pod, containers: [c] } },
  },
});

/** Every hardening setting in place. */
const hardened = () => deployment(container(), podSpec());

type Change = (c: Record<string, unknown>, pod: Record<string, unknown>) => void;

/** The hardened Deployment with its container or pod spec changed. */
function breaking(change: Change) {
  const c = container();
  const pod = podSpec();
  change(c, pod);
  return deployment(c, pod);
}

const failing = (props: unknown): CheckId[] => [...new Set(evaluateDeployment(props).map((v) => v.check))];

describe("policy checks", () => {
  it("a hardened Deployment passes every check", () => {
    expect(evaluateDeployment(hardened())).toEqual([]);
  });

  it("the Deployment the k8s-app component renders passes every check", () => {
    const deployments = buildObjects({
      namespace: "x",
      image: `registry.example.com/app@${DIGEST}`,
      config: { KAFKA_BROKERS: "k:9092" },
      secretConfig: { API_KEYS: "k" },
    }).filter((o) => o.kind === "Deployment");
    expect(deployments).toHaveLength(1);
    for (const d of deployments) expect(evaluateDeployment(d)).toEqual([]);
  });

  it("the topics Job the k8s-app component renders passes every check that applies to a Job", () => {
    const jobs = buildObjects({
      namespace: "x",
      image: `registry.example.com/app@${DIGEST}`,
      config: { KAFKA_BROKERS: "k:9092" },
      topicsJob: { serviceAccountAnnotations: {} },
    }).filter((o) => o.kind === "Job");
    expect(jobs).toHaveLength(1);
    for (const j of jobs) expect(evaluateWorkload("Job", j)).toEqual([]);
  });

  it("holds a Job to the hardening rules but the probes (it runs to completion)", () => {
    const bare = {
      spec: { template: { spec: { containers: [{ name: "once", image: `r.example.com/a@${DIGEST}` }] } } },
    };
    expect([...new Set(evaluateWorkload("Job", bare).map((v) => v.check))]).toEqual([
      "run-as-non-root",
      "read-only-root-filesystem",
      "no-privilege-escalation",
      "drop-all-capabilities",
      "seccomp-runtime-default",
      "resources-set",
    ]);
  });

  it.each<[CheckId, Change]>([
    ["run-as-non-root", (_c, pod) => delete pod["securityContext"]],
    [
      "read-only-root-filesystem",
      (c) => (c["securityContext"] = { ...securityContext(), readOnlyRootFilesystem: false }),
    ],
    [
      "no-privilege-escalation",
      (c) => (c["securityContext"] = { ...securityContext(), allowPrivilegeEscalation: undefined }),
    ],
    [
      "drop-all-capabilities",
      (c) => (c["securityContext"] = { ...securityContext(), capabilities: { drop: ["NET_RAW"] } }),
    ],
    ["resources-set", (c) => (c["resources"] = { requests: { cpu: "100m", memory: "128Mi" } })],
    ["probes-set", (c) => delete c["readinessProbe"]],
    ["image-by-digest", (c) => (c["image"] = "registry.example.com/app:1.0")],
  ])("reports %s, and only that", (check, change) => {
    const props = breaking(change);
    const expected: CheckId[] =
      check === "run-as-non-root" ? ["run-as-non-root", "seccomp-runtime-default"] : [check];
    expect(failing(props)).toEqual(expected);
  });

  it("reports root even when runAsNonRoot is set, and a container-level override of the pod", () => {
    expect(failing(breaking((c) => (c["securityContext"] = { ...securityContext(), runAsUser: 0 })))).toEqual(
      ["run-as-non-root"],
    );
    expect(
      failing(breaking((c) => (c["securityContext"] = { ...securityContext(), runAsNonRoot: false }))),
    ).toEqual(["run-as-non-root"]);
  });

  it("reports a privileged container and a missing seccomp profile", () => {
    const privileged = breaking((c) => (c["securityContext"] = { ...securityContext(), privileged: true }));
    expect(failing(privileged)).toEqual(["no-privilege-escalation"]);
    const noSeccomp = breaking((_c, pod) => (pod["securityContext"] = { runAsNonRoot: true }));
    expect(failing(noSeccomp)).toEqual(["seccomp-runtime-default"]);
  });

  it("names the container and what is missing in each message", () => {
    const props = breaking((c) => {
      delete c["livenessProbe"];
      c["resources"] = {};
    });
    expect(evaluateDeployment(props)).toEqual([
      {
        check: "resources-set",
        message:
          'container "app": resources requests.cpu, requests.memory, limits.cpu, limits.memory must be set',
      },
      { check: "probes-set", message: 'container "app": livenessProbe must be set' },
    ]);
  });

  it("checks init containers too, except for probes, with the pod's securityContext applying to them", () => {
    const props = breaking((_c, pod) => {
      pod["initContainers"] = [{ name: "migrate", image: "busybox" }];
    });
    const initViolations = evaluateDeployment(props).filter((v) =>
      v.message.startsWith('init container "migrate"'),
    );
    expect(initViolations.map((v) => v.check)).toEqual([
      "read-only-root-filesystem",
      "no-privilege-escalation",
      "drop-all-capabilities",
      "resources-set",
      "image-by-digest",
    ]);
  });
});

describe("workloads other than Deployments", () => {
  const pinned = `registry.example.com/app@${DIGEST}`;
  const podWith = (image: string) => ({
    initContainers: [{ name: "init", image }],
    containers: [{ name: "app", image }],
    ephemeralContainers: [{ name: "debug", image }],
  });

  it("knows every kind that runs pods by its type token, in any API version of its group", () => {
    expect(WORKLOAD_TYPES.map(([type]) => workloadKindOf(type))).toEqual(
      WORKLOAD_TYPES.map(([, kind]) => kind),
    );
    expect([...new Set(WORKLOAD_TYPES.map(([, kind]) => kind))].sort()).toEqual([...WORKLOAD_KINDS].sort());
    for (const type of [
      "kubernetes:core/v1:ConfigMap",
      "kubernetes:core/v1:PodTemplate",
      "kubernetes:example.com/v1:Deployment",
      "kubernetes:core/v1:Deployment",
      "aws:ecs/service:Service",
    ])
      expect(workloadKindOf(type), type).toBeUndefined();
  });

  it.each(WORKLOAD_TYPES)(
    "%s: every container's image is checked, none else for other kinds",
    (_type, kind, wrap) => {
      const violations = evaluateWorkload(kind, wrap(podWith("ghcr.io/acme/app:2")));
      const images = violations.filter((v) => v.check === "image-by-digest").map((v) => v.message);
      expect(images).toEqual([
        'init container "init": image ghcr.io/acme/app:2 is pinned by tag only; use repo@sha256:<digest>',
        'container "app": image ghcr.io/acme/app:2 is pinned by tag only; use repo@sha256:<digest>',
        'ephemeral container "debug": image ghcr.io/acme/app:2 is pinned by tag only; use repo@sha256:<digest>',
      ]);
      if (!HARDENED_KINDS.includes(kind)) expect(violations.length).toBe(images.length);
      expect(
        evaluateWorkload(kind, wrap(podWith(pinned))).filter((v) => v.check === "image-by-digest"),
      ).toEqual([]);
    },
  );

  it("asks ephemeral containers for a security context, not for resources or probes (the API forbids them)", () => {
    const props = breaking((_c, pod) => {
      pod["ephemeralContainers"] = [
        { name: "debug", image: `r.example.com/d@${DIGEST}`, securityContext: securityContext() },
      ];
    });
    expect(evaluateDeployment(props)).toEqual([]);
    const bare = breaking((_c, pod) => {
      pod["ephemeralContainers"] = [{ name: "debug", image: `r.example.com/d@${DIGEST}` }];
    });
    expect(failing(bare)).toEqual([
      "read-only-root-filesystem",
      "no-privilege-escalation",
      "drop-all-capabilities",
    ]);
  });
});

describe("imageProblem", () => {
  it("accepts digests and tells latest, untagged and tag-only images apart", () => {
    expect(imageProblem(`r.example.com/a:1@${DIGEST}`)).toBeUndefined();
    expect(imageProblem("r.example.com/a:latest")).toMatch(/latest/);
    expect(imageProblem("localhost:5000/a")).toMatch(/latest/);
    expect(imageProblem("r.example.com/a:1.2")).toMatch(/tag only/);
    expect(imageProblem(undefined)).toBe("has no image");
  });
});
