// The behaviour every cloud's stack must show under mocks; each src/index.<cloud>.test.ts runs it once.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type * as ProgramModule from "../src/index.ts";
import {
  API_KEYS,
  DIGEST,
  INGRESS_HOSTNAME,
  KAFKA_PASSWORD,
  KAFKA_USERNAME,
  kafkaConfig,
  kafkaSecrets,
  onlyInSecrets,
  plainOccurrences,
  promiseOf,
  reveal,
  setStackConfig,
  type ProgramMocks,
  type Props,
} from "./program.ts";

type Program = typeof ProgramModule;

/** What a cloud's mocked stack must produce. */
export interface CloudExpectations {
  readonly cloud: "aws" | "gcp" | "azure";
  /** `event-ingestor:<cloud>` and provider config (e.g. `gcp:project`) the stack sets. */
  readonly config: Record<string, unknown>;
  readonly secretProviderConfig?: Record<string, string>;
  readonly registry: {
    readonly repositoryUrl: string;
    readonly server: string;
    readonly username: string;
    readonly password: string;
    /** The build cache's `repo:tag`, in a repository whose tags may move. */
    readonly cacheRef: string;
  };
  readonly ingressClassOrAnnotation: (ingress: Props) => void;
  /** The ServiceAccount annotation the cloud's workload identity needs, and its value. */
  readonly identityAnnotation: readonly [string, string];
  readonly podLabels: Record<string, string>;
}

const K8S = {
  deployment: "kubernetes:apps/v1:Deployment",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  app: "event-ingestor:k8s:App",
  image: "docker-build:index:Image",
} as const;

const get = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === "object" && v !== null ? (v as Props)[String(key)] : undefined),
    value,
  );

/** Runs the entry program for one cloud under `mocks` and checks the cross-cloud behaviour. */
export function describeProgram(mocks: ProgramMocks, expected: CloudExpectations): () => Program {
  let program: Program | undefined;
  beforeAll(async () => {
    await pulumi.runtime.setMocks(mocks, "event-ingestor", expected.cloud, false);
    const plain: Record<string, unknown> = { kafka: kafkaConfig, imageTag: "test-tag", ...expected.config };
    const provider = Object.fromEntries(Object.entries(plain).filter(([k]) => k.includes(":")));
    const own = Object.fromEntries(Object.entries(plain).filter(([k]) => !k.includes(":")));
    setStackConfig(own, { ...kafkaSecrets, ...expected.secretProviderConfig });
    for (const [key, value] of Object.entries(provider)) pulumi.runtime.setConfig(key, String(value));
    program = await import("../src/index.ts");
    await pulumi.runtime.disconnect(); // every registration has reached the mocks
  });
  const loaded = (): Program => {
    if (program === undefined) throw new Error("program did not load");
    return program;
  };

  describe(`${expected.cloud} stack (mocked)`, () => {
    it("builds the repository Dockerfile for linux/amd64 and pushes it with the registry's credentials", () => {
      const image = mocks.one(K8S.image).inputs;
      expect(image["platforms"]).toEqual(["linux/amd64"]);
      expect(image["push"]).toBe(true);
      expect(image["tags"]).toEqual([`${expected.registry.repositoryUrl}:test-tag`]);
      expect(get(image, "dockerfile", "location")).toMatch(/(^|\/)Dockerfile$/);
      expect(reveal(image["registries"])).toEqual([
        {
          address: expected.registry.server,
          username: expected.registry.username,
          password: expected.registry.password,
        },
      ]);
      expect(onlyInSecrets(image["registries"], expected.registry.password)).toBe(true);
    });

    it("reads and writes the build's layer cache in the registry, never failing the deploy over it", () => {
      const image = mocks.one(K8S.image).inputs;
      const ref = expected.registry.cacheRef;
      expect(ref).not.toBe(`${expected.registry.repositoryUrl}:buildcache`);
      expect(image["cacheFrom"]).toEqual([{ registry: { ref } }]);
      expect(image["cacheTo"]).toEqual([
        { registry: { ref, mode: "max", imageManifest: true, ociMediaTypes: true, ignoreError: true } },
      ]);
    });

    it("runs the pushed image by digest, and registers the app only after the push finished", () => {
      const image = mocks.one(K8S.image);
      const deployment = mocks.one(K8S.deployment);
      const containers = get(deployment.inputs, "spec", "template", "spec", "containers") as Props[];
      expect(containers[0]?.["image"]).toBe(`${expected.registry.repositoryUrl}@${DIGEST}`);
      expect(mocks.one(K8S.app).started).toBeGreaterThan(image.finished);
      expect(deployment.started).toBeGreaterThan(image.finished);
    });

    it("keeps Kafka credentials and API keys out of every plain value, ConfigMap included", () => {
      for (const needle of [KAFKA_PASSWORD, KAFKA_USERNAME, API_KEYS]) {
        const leaks = mocks.registrations.flatMap((r) =>
          plainOccurrences(r.inputs, needle).map((at) => `${r.type} ${r.name} ${at}`),
        );
        expect(leaks).toEqual([]);
      }
    });

    it("configures the ingestor through the ConfigMap with exactly the plain settings, TLS to the brokers on", () => {
      // kafkaConfig sets tls: true; the ingestor defaults KAFKA_SSL to false, i.e. plaintext to the brokers.
      expect(get(mocks.one(K8S.configMap).inputs, "data")).toEqual({
        KAFKA_BROKERS: "broker-1.kafka.acme-corp.net:9096,broker-2.kafka.acme-corp.net:9096",
        KAFKA_TOPIC: "events",
        KAFKA_DLQ_TOPIC: "events.dlq",
        KAFKA_SSL: "true",
        KAFKA_SASL_MECHANISM: "scram-sha-512",
        LOG_LEVEL: "info",
        KAFKA_MIN_ISR_REQUIRED: "2",
      });
    });

    it("hands the credentials to the component's Secret as Pulumi secrets", () => {
      const stringData = get(mocks.one(K8S.secret).inputs, "stringData");
      expect(reveal(stringData)).toEqual({
        KAFKA_SASL_USERNAME: KAFKA_USERNAME,
        KAFKA_SASL_PASSWORD: KAFKA_PASSWORD,
        API_KEYS,
      });
      for (const value of [KAFKA_USERNAME, KAFKA_PASSWORD, API_KEYS]) {
        expect(onlyInSecrets(stringData, value)).toBe(true);
      }
    });

    it("wires workload identity: the ServiceAccount carries the cloud identity, the pods its labels", () => {
      const [key, value] = expected.identityAnnotation;
      expect(get(mocks.one(K8S.serviceAccount).inputs, "metadata", "annotations", key)).toBe(value);
      const podLabels = get(mocks.one(K8S.deployment).inputs, "spec", "template", "metadata", "labels");
      expect(podLabels).toMatchObject(expected.podLabels);
    });

    it("isolates the pods with the NetworkPolicy by default (the cloud's dataplane enforces it)", () => {
      const policy = mocks.one("kubernetes:networking.k8s.io/v1:NetworkPolicy").inputs;
      expect(get(policy, "spec", "policyTypes")).toEqual(["Ingress", "Egress"]);
    });

    it("exposes the service through the cloud's ingress", () => {
      expected.ingressClassOrAnnotation(mocks.one(K8S.ingress).inputs);
    });

    it("exports the registry URL, a secret kubeconfig, the service address, the credentials command and the image", async () => {
      const p = loaded();
      expect(await promiseOf(p.registryUrl)).toBe(expected.registry.repositoryUrl);
      expect(await promiseOf(p.imageRef)).toBe(`${expected.registry.repositoryUrl}@${DIGEST}`);
      expect(await promiseOf(p.serviceAddress)).toBe(INGRESS_HOSTNAME);
      expect(await promiseOf(p.credentialsCommand)).toMatch(/\S+ \S+/);
      expect(await promiseOf(p.kubeconfig)).not.toBe("");
      expect(await pulumi.isSecret(p.kubeconfig)).toBe(true);
      expect(p.cloud).toBe(expected.cloud);
    });
  });
  return loaded;
}
