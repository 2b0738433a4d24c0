// KAFKA_BROKERS given as an output (a managed Kafka's address) is checked once known, like an image output:
// a malformed one fails the ConfigMap's registration, so no pod ever starts with it.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MINIMAL } from "../test/fixtures.js";
import { recordingMocks, type Registered } from "../test/pulumi.js";

const registered: Registered[] = [];
await pulumi.runtime.setMocks(recordingMocks(registered), "event-ingestor", "test", false);
const { IngestorApp } = await import("./component.js");
const k8s = await import("@pulumi/kubernetes");

const failures: unknown[] = [];
const collect = (reason: unknown) => failures.push(reason);

describe("IngestorApp with a malformed KAFKA_BROKERS output", () => {
  beforeAll(async () => {
    process.on("unhandledRejection", collect);
    const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
    const config = { KAFKA_BROKERS: pulumi.output("b-1.msk.example.com") };
    new IngestorApp("brokers", { ...MINIMAL, createNamespace: false, config }, { provider });
    await vi.waitFor(() => {
      expect(failures.length).toBeGreaterThan(0);
    });
    await pulumi.runtime.disconnect();
  });

  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("unhandledRejection", collect);
  });

  it("fails the run with a pulumi.ResourceError naming INVALID_KAFKA_BROKERS", () => {
    const distinct = [...new Set(failures)];
    expect(distinct).toHaveLength(1);
    const [error] = distinct;
    expect(error).toBeInstanceOf(pulumi.ResourceError);
    expect(error instanceof Error ? error.message : "").toMatch(
      /config\.KAFKA_BROKERS: b-1\.msk\.example\.com is not a comma-separated host:port list \[INVALID_KAFKA_BROKERS\]/,
    );
  });

  it("never registers the ConfigMap nor the Deployment", () => {
    const types = registered.map((r) => r.type);
    expect(types).toContain("kubernetes:core/v1:Service");
    expect(types).not.toContain("kubernetes:core/v1:ConfigMap");
    expect(types).not.toContain("kubernetes:apps/v1:Deployment");
  });
});
