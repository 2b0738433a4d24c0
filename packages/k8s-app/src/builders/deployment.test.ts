import { describe, expect, it } from "vitest";
import { byKind, IMAGE, settingsOf, spec } from "../../test/fixtures.js";
import { buildObjects } from "../build.js";
import { checksum } from "../labels.js";
import { buildDeployment, memoryBytes, nodeOptions } from "./deployment.js";

const deploymentOf = (patch: Parameters<typeof spec>[0] = {}, secretChecksum?: string) =>
  buildDeployment(settingsOf(spec(patch)), {
    image: IMAGE,
    configChecksum: "config-sum",
    secretChecksum,
    schemasChecksum: undefined,
  });

/** The pod template's annotations as render plans them (the checksums computed from the arguments). */
const plannedAnnotations = (patch: Parameters<typeof spec>[0]) =>
  byKind(buildObjects(spec(patch)), "Deployment").spec?.template.metadata?.annotations ?? {};

const podOf = (patch: Parameters<typeof spec>[0] = {}) => deploymentOf(patch).spec.template.spec;

const containerOf = (patch: Parameters<typeof spec>[0] = {}) => {
  const [container, ...others] = podOf(patch).containers;
  expect(others).toHaveLength(0);
  if (container === undefined) throw new Error("no container");
  return container;
};

const envOf = (patch: Parameters<typeof spec>[0] = {}) =>
  Object.fromEntries(containerOf(patch).env.map((e) => [e.name, e.value]));

describe("buildDeployment", () => {
  it("uses the image it is given, by digest", () => {
    expect(containerOf().image).toBe(IMAGE);
  });

  it("runs as a non-root user with a read-only root filesystem and no privilege escalation", () => {
    const pod = podOf();
    const sc = containerOf().securityContext;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532 });
    expect(sc.runAsNonRoot).toBe(true);
    expect(sc.readOnlyRootFilesystem).toBe(true);
    expect(sc.allowPrivilegeEscalation).toBe(false);
    expect(sc.privileged).toBe(false);
  });

  it("drops every capability and uses the RuntimeDefault seccomp profile", () => {
    expect(containerOf().securityContext.capabilities.drop).toEqual(["ALL"]);
    expect(containerOf().securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(podOf().securityContext.seccompProfile).toEqual({ type: "RuntimeDefault" });
  });

  it("runs as the UID it is given", () => {
    expect(containerOf({ runAsUser: 10001 }).securityContext.runAsUser).toBe(10001);
    expect(podOf({ runAsUser: 10001 }).securityContext.fsGroup).toBe(10001);
  });

  it("mounts a writable /tmp from an emptyDir, since the root filesystem is read-only", () => {
    expect(containerOf().volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    expect(podOf().volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "64Mi" } });
  });

  it("sets requests and limits for CPU and memory", () => {
    expect(containerOf().resources).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
    const custom = containerOf({ resources: { limits: { memory: "1Gi" } } }).resources;
    expect(custom.limits).toEqual({ cpu: "1", memory: "1Gi" });
  });

  it("bounds the HTTP thread's heap to 60% of the memory limit (librdkafka, the default: no producer thread)", () => {
    expect(envOf()["NODE_OPTIONS"]).toBe("--max-old-space-size=307 --max-semi-space-size=16");
    expect(envOf({ resources: { limits: { memory: "1Gi" } } })["NODE_OPTIONS"]).toBe(
      "--max-old-space-size=614 --max-semi-space-size=16",
    );
    expect(nodeOptions("256Mi")).toBe("--max-old-space-size=153 --max-semi-space-size=16");
  });

  it("gives the in-flight budget an eighth of the memory limit, unless the config sets MAX_INFLIGHT_BYTES", () => {
    expect(envOf()["MAX_INFLIGHT_BYTES"]).toBe("67108864");
    expect(envOf({ resources: { limits: { memory: "256Mi" } } })["MAX_INFLIGHT_BYTES"]).toBe("33554432");
    expect(
      envOf({ config: { KAFKA_BROKERS: "k:9092", MAX_INFLIGHT_BYTES: "1048576" } })["MAX_INFLIGHT_BYTES"],
    ).toBe(undefined);
  });

  it("leaves the kafkajs producer thread its own 64 MiB of the limit", () => {
    expect(envOf({ config: { KAFKA_BROKERS: "k:9092", KAFKA_CLIENT: "kafkajs" } })["NODE_OPTIONS"]).toBe(
      "--max-old-space-size=243 --max-semi-space-size=8",
    );
    expect(
      envOf({ config: { KAFKA_BROKERS: "k:9092", KAFKA_CLIENT: "kafkajs", KAFKA_PRODUCER_THREAD: "main" } })[
        "NODE_OPTIONS"
      ],
    ).toBe("--max-old-space-size=307 --max-semi-space-size=16");
    expect(nodeOptions("256Mi", true)).toBe("--max-old-space-size=89 --max-semi-space-size=8");
    expect(nodeOptions("128Mi", true)).toBe("--max-old-space-size=64 --max-semi-space-size=8");
    expect(memoryBytes("1G")).toBe(1e9);
    expect(memoryBytes("a lot")).toBeUndefined();
  });

  it("probes liveness on /healthz, readiness on /readyz, and guards start-up with a startup probe", () => {
    const c = containerOf();
    expect(c.livenessProbe.httpGet).toMatchObject({ path: "/healthz", port: "http" });
    expect(c.readinessProbe.httpGet).toMatchObject({ path: "/readyz", port: "http" });
    expect(c.startupProbe.httpGet).toMatchObject({ path: "/healthz", port: "http" });
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBeGreaterThanOrEqual(60);
    expect(c.ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
  });

  it("rolls out without taking a pod away first (maxUnavailable 0)", () => {
    expect(deploymentOf().spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: "25%" },
    });
  });

  it("sleeps in a native preStop hook for the shutdown delay, so the ingestor does not wait a second time", () => {
    const c = containerOf({ shutdown: { delayMs: 7500, timeoutMs: 30000 } });
    expect(c.lifecycle?.preStop.sleep.seconds).toBe(8);
    expect(envOf({ shutdown: { delayMs: 7500, timeoutMs: 30000 } })).toMatchObject({
      SHUTDOWN_DELAY_MS: "0",
      SHUTDOWN_TIMEOUT_MS: "30000",
      PORT: "8080",
    });
  });

  it("gives a grace period strictly longer than the preStop sleep plus the shutdown timeout", () => {
    for (const shutdown of [{}, { delayMs: 0, timeoutMs: 1000 }, { delayMs: 9999, timeoutMs: 60000 }]) {
      const d = deploymentOf({ shutdown });
      const sleep = d.spec.template.spec.containers[0]?.lifecycle?.preStop.sleep.seconds ?? 0;
      const timeoutSeconds =
        Number(d.spec.template.spec.containers[0]?.env.find((e) => e.name === "SHUTDOWN_TIMEOUT_MS")?.value) /
        1000;
      expect(d.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(sleep + timeoutSeconds);
    }
    expect(podOf().terminationGracePeriodSeconds).toBe(35);
  });

  it("has no preStop hook when the shutdown delay is zero", () => {
    expect(containerOf({ shutdown: { delayMs: 0 } }).lifecycle).toBeUndefined();
  });

  it("spreads pods across zones and nodes without blocking scheduling", () => {
    const constraints = podOf().topologySpreadConstraints;
    expect(constraints.map((c) => c.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
    for (const c of constraints) {
      expect(c).toMatchObject({
        maxSkew: 1,
        whenUnsatisfiable: "ScheduleAnyway",
        matchLabelKeys: ["pod-template-hash"],
      });
      expect(c.labelSelector.matchLabels).toEqual(deploymentOf().spec.selector.matchLabels);
    }
  });

  it("selects pods by name and instance only, and labels them with app.kubernetes.io/* and podLabels", () => {
    const d = deploymentOf({ podLabels: { "azure.workload.identity/use": "true" }, labels: { team: "x" } });
    expect(d.spec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "event-ingestor",
      "app.kubernetes.io/instance": "event-ingestor",
    });
    expect(d.spec.template.metadata.labels).toMatchObject({
      "app.kubernetes.io/name": "event-ingestor",
      "app.kubernetes.io/component": "ingestor",
      "app.kubernetes.io/part-of": "event-ingestor",
      "app.kubernetes.io/managed-by": "pulumi",
      "azure.workload.identity/use": "true",
      team: "x",
    });
    expect(d.metadata.labels).not.toHaveProperty("azure.workload.identity/use");
  });

  it("leaves replicas to the HPA when autoscaling is on, and sets them when it is off", () => {
    expect(deploymentOf().spec).not.toHaveProperty("replicas");
    expect(deploymentOf({ autoscaling: { enabled: false }, replicas: 4 }).spec.replicas).toBe(4);
  });

  it("annotates the pod template with a config checksum, so a config change rolls the pods", () => {
    const a = plannedAnnotations({ config: { KAFKA_BROKERS: "k:9092" } });
    const b = plannedAnnotations({ config: { KAFKA_BROKERS: "k:9093" } });
    expect(a["checksum/config"]).toBe(checksum({ KAFKA_BROKERS: "k:9092" }));
    expect(a["checksum/config"]).not.toBe(b["checksum/config"]);
    expect(a).not.toHaveProperty("checksum/secret");
    expect(deploymentOf({}, "abc").spec.template.metadata.annotations["checksum/secret"]).toBe("abc");
  });

  it("reads config from the ConfigMap and mounts secrets read-only as <KEY>_FILE files", () => {
    const patch = { secretConfig: { KAFKA_SASL_PASSWORD: "p", KAFKA_SSL_CA: "pem" } };
    const c = containerOf(patch);
    expect(c.envFrom).toEqual([{ configMapRef: { name: "event-ingestor-config" } }]);
    expect(envOf(patch)).toMatchObject({
      KAFKA_SASL_PASSWORD_FILE: "/var/run/secrets/event-ingestor/KAFKA_SASL_PASSWORD",
      KAFKA_SSL_CA_FILE: "/var/run/secrets/event-ingestor/KAFKA_SSL_CA",
    });
    expect(c.env.some((e) => e.value === "p")).toBe(false);
    expect(c.volumeMounts).toContainEqual({
      name: "secrets",
      mountPath: "/var/run/secrets/event-ingestor",
      readOnly: true,
    });
    expect(podOf(patch).volumes).toContainEqual({
      name: "secrets",
      secret: { secretName: "event-ingestor-secrets", defaultMode: 0o440 },
    });
    expect(podOf().volumes.map((v) => v.name)).toEqual(["tmp"]);
  });

  it("mounts no service-account token, with workload identity too, unless asked to", () => {
    expect(podOf().automountServiceAccountToken).toBe(false);
    const irsa = { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r" } };
    expect(podOf(irsa).automountServiceAccountToken).toBe(false);
    expect(podOf({ ...irsa, automountServiceAccountToken: true }).automountServiceAccountToken).toBe(true);
    expect(podOf().serviceAccountName).toBe("event-ingestor");
  });

  it("turns off service links so Services named like settings cannot inject environment variables", () => {
    expect(podOf().enableServiceLinks).toBe(false);
  });
});
