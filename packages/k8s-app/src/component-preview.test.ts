// `pulumi preview` with a new image: the digest is unknown until the push. Everything but the image must
// stay a known value in what the component registers, so the PR diff shows it and policies can check it.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildObjects } from "./build.js";
import { MINIMAL } from "../test/fixtures.js";
import { at, mockedRun, unwrapSecrets, type Registered } from "../test/pulumi.js";

// Preview: the mocked push returns no digest, so the image's digest output is unknown.
const { registered, IngestorApp, k8s } = await mockedRun({ preview: true });

/** Stands in for the pushed image (docker-build's Image): its digest is known only after `up`. */
class PushedImage extends pulumi.CustomResource {
  declare readonly digest: pulumi.Output<string>;
  constructor(name: string) {
    super("docker-build:index:Image", name, { digest: undefined });
  }
}

const REPO = "registry.example.com/team/event-ingestor";
const SPEC = { ...MINIMAL, secretConfig: { API_KEYS: "k1" }, createNamespace: false };

/** Stands in for a managed Kafka created in the same run: its bootstrap address is unknown in a preview. */
class NewKafka extends pulumi.CustomResource {
  declare readonly bootstrapBrokers: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Kafka", name, { bootstrapBrokers: undefined });
  }
}

describe("IngestorApp in a preview with an unknown image digest", () => {
  let deployment: Registered | undefined;

  beforeAll(async () => {
    const image = new PushedImage("image");
    const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
    new IngestorApp(
      "pr",
      {
        ...SPEC,
        image: pulumi.interpolate`${REPO}@${image.digest}`,
        secretConfig: { API_KEYS: pulumi.secret("k1") },
      },
      { provider },
    );
    await vi.waitFor(() => {
      deployment = registered.find((r) => r.type === "kubernetes:apps/v1:Deployment");
      expect(deployment).toBeDefined();
    });
  });

  it("registers the image as unknown: the digest really is unknown in this preview", () => {
    expect(
      pulumi.isUnknown(at(deployment?.inputs, "spec", "template", "spec", "containers", 0, "image")),
    ).toBe(true);
  });

  it("registers every other field of the Deployment as the known value render prints", () => {
    const expected = buildObjects({ ...SPEC, image: `${REPO}@sha256:${"0".repeat(64)}` }).find(
      (o) => o.kind === "Deployment",
    );
    const plain: unknown = JSON.parse(JSON.stringify(expected));
    const container = at(plain, "spec", "template", "spec", "containers", 0) as Record<string, unknown>;
    container["image"] = pulumi.unknown;
    expect(unwrapSecrets(deployment?.inputs)).toEqual(plain);
    expect(pulumi.containsUnknowns(at(deployment?.inputs, "metadata"))).toBe(false);
  });

  it("shows the container's probes, resources and security context in the preview", () => {
    const container = at(deployment?.inputs, "spec", "template", "spec", "containers", 0);
    expect(at(container, "resources")).toEqual({
      requests: { cpu: "250m", memory: "256Mi" },
      limits: { cpu: "1", memory: "512Mi" },
    });
    expect(at(container, "readinessProbe")).toEqual({
      httpGet: { path: "/readyz", port: "http", scheme: "HTTP" },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 2,
      successThreshold: 1,
    });
    expect(at(container, "livenessProbe", "httpGet", "path")).toBe("/healthz");
    expect(at(container, "securityContext")).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(at(deployment?.inputs, "spec", "template", "metadata", "annotations", "checksum/secret")).toMatch(
      /^[a-f0-9]{64}$/,
    );
  });
});

describe("IngestorApp in a preview with a managed Kafka's address unknown too", () => {
  let deployment: Registered | undefined;
  let configMap: Registered | undefined;

  beforeAll(async () => {
    const kafka = new NewKafka("msk");
    const provider = new k8s.Provider("msk-cluster", { kubeconfig: "{}" });
    new IngestorApp(
      "msk",
      {
        ...SPEC,
        appName: "msk",
        image: pulumi.interpolate`${REPO}@${new PushedImage("msk-image").digest}`,
        secretConfig: {},
        config: { KAFKA_BROKERS: kafka.bootstrapBrokers, KAFKA_TOPIC: "events" },
        networkPolicy: { enabled: true, kafkaPorts: [9098] },
        waitFor: [kafka],
      },
      { provider },
    );
    await vi.waitFor(() => {
      deployment = registered.find((r) => r.name === "msk-deployment");
      configMap = registered.find((r) => r.name === "msk-config");
      expect(deployment && configMap).toBeDefined();
    });
  });

  it("leaves only the image and the config checksum unknown in the Deployment", () => {
    const template = at(deployment?.inputs, "spec", "template");
    expect(pulumi.isUnknown(at(template, "metadata", "annotations", "checksum/config"))).toBe(true);
    const container = at(template, "spec", "containers", 0) as Record<string, unknown>;
    for (const key of [
      "envFrom",
      "env",
      "resources",
      "startupProbe",
      "livenessProbe",
      "readinessProbe",
      "securityContext",
    ])
      expect(pulumi.containsUnknowns(container[key]), key).toBe(false);
    expect(at(container, "envFrom")).toEqual([{ configMapRef: { name: "msk-config" } }]);
    expect(at(container, "securityContext", "readOnlyRootFilesystem")).toBe(true);
    expect(pulumi.containsUnknowns(at(deployment?.inputs, "metadata"))).toBe(false);
    expect(pulumi.containsUnknowns(at(template, "spec", "securityContext"))).toBe(false);
  });

  it("puts the unknown address in the ConfigMap's data, next to the known settings", () => {
    expect(pulumi.isUnknown(at(configMap?.inputs, "data", "KAFKA_BROKERS"))).toBe(true);
    expect(at(configMap?.inputs, "data", "KAFKA_TOPIC")).toBe("events");
  });
});
