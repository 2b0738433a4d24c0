// What every cloud's stack must show with the defaults of a new stack (managed Kafka, here with managed metrics
// too) under mocks; each src/index.<cloud>-managed.test.ts runs it once.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import {
  API_KEYS,
  plainOccurrences,
  reveal,
  setStackConfig,
  type ProgramMocks,
  type Props,
  type Registration,
} from "./program.ts";

/** How a cloud's managed Kafka reaches the app. */
export interface ManagedExpectations {
  readonly cloud: "aws" | "gcp" | "azure";
  /** `event-ingestor:<cloud>` and provider config (e.g. `gcp:project`). */
  readonly config: Record<string, unknown>;
  /** The bootstrap address, from what the cloud registered. */
  readonly brokers: () => string;
  readonly mechanism: "aws-msk-iam" | "oauthbearer-gcp" | "oauthbearer-azure";
  /** The cloud's own ingestor settings next to the stack's. */
  readonly env: Readonly<Record<string, string>>;
  /** The NetworkPolicy's Kafka egress ports (brokers and token endpoint). */
  readonly ports: readonly number[];
  /** The cloud's Kafka, topics and grants: the Deployment registers only after each finished. */
  readonly kafkaResources: () => readonly Registration[];
  /** The cloud's managed Prometheus resources and the app's scrape object type, if any. */
  readonly metricsResources: readonly string[];
  readonly scrapeType: string | undefined;
}

export const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (typeof v === "object" && v !== null ? (v as Props)[key] : undefined),
    value,
  );

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";

/** Runs the entry program for one cloud in managed mode under `mocks` and checks the cross-cloud behaviour. */
export function describeManagedProgram(mocks: ProgramMocks, expected: ManagedExpectations): void {
  beforeAll(async () => {
    await pulumi.runtime.setMocks(mocks, "event-ingestor", expected.cloud, false);
    const own = Object.fromEntries(Object.entries(expected.config).filter(([k]) => !k.includes(":")));
    const provider = Object.entries(expected.config).filter(([k]) => k.includes(":"));
    // A new stack's settings: no Kafka address, no Kafka secret.
    setStackConfig(
      { kafka: { mode: "managed" }, app: { metrics: "managed" }, imageTag: "test-tag", ...own },
      { apiKeys: API_KEYS },
    );
    for (const [key, value] of provider) pulumi.runtime.setConfig(key, String(value));
    await import("../src/index.ts");
    await pulumi.runtime.disconnect();
  });

  describe(`${expected.cloud} stack with managed Kafka (mocked)`, () => {
    it("configures the ingestor for the cloud's Kafka: its bootstrap address, TLS, the workload-identity mechanism", () => {
      expect(get(mocks.one("kubernetes:core/v1:ConfigMap").inputs, "data")).toEqual({
        KAFKA_BROKERS: expected.brokers(),
        KAFKA_TOPIC: "events",
        KAFKA_DLQ_TOPIC: "events.dlq",
        KAFKA_TOPIC_PARTITIONS: "6",
        KAFKA_SSL: "true",
        KAFKA_SASL_MECHANISM: expected.mechanism,
        LOG_LEVEL: "info",
        KAFKA_MIN_ISR_REQUIRED: "2",
        ...expected.env,
      });
    });

    it("has no Kafka credential anywhere: the Secret holds the API keys only", () => {
      expect(reveal(get(mocks.one("kubernetes:core/v1:Secret").inputs, "stringData"))).toEqual({ API_KEYS });
      for (const needle of ["KAFKA_SASL_PASSWORD", "KAFKA_SASL_USERNAME", "KAFKA_SSL_CA"]) {
        const found = mocks.registrations.flatMap((r) =>
          plainOccurrences(r.inputs, needle).map((at) => `${r.type} ${r.name} ${at}`),
        );
        expect(found).toEqual([]);
      }
    });

    it("rolls out the Deployment only after the cloud's Kafka, its topics and the identity's grants exist", () => {
      const deployment = mocks.one(DEPLOYMENT);
      const before = expected.kafkaResources();
      expect(before.length).toBeGreaterThan(0);
      for (const resource of before) expect(deployment.started).toBeGreaterThan(resource.finished);
    });

    it("lets the pods reach the brokers and the token endpoint, nothing else but DNS", () => {
      for (const policy of mocks.all("kubernetes:networking.k8s.io/v1:NetworkPolicy")) {
        const ports = (get(policy.inputs, "spec", "egress") as Props[]).flatMap(
          (rule) => (rule["ports"] as Props[] | undefined)?.map((p) => p["port"]) ?? [],
        );
        expect(ports).toEqual([53, 53, ...expected.ports]);
      }
    });

    it("sends the app's metrics to the cloud's managed Prometheus", () => {
      for (const type of expected.metricsResources) expect(mocks.all(type)).toHaveLength(1);
      const scrapes = mocks.registrations.filter((r) =>
        ["ServiceMonitor", "PodMonitoring", "PodMonitor"].some((kind) => r.type.endsWith(`:${kind}`)),
      );
      expect(scrapes.map((r) => r.type)).toEqual(
        expected.scrapeType === undefined ? [] : [expected.scrapeType],
      );
    });
  });
}
