// KAFKA_BROKERS given as an output (a managed Kafka's address) is checked once known, like an image output:
// a malformed one fails the ConfigMap's registration, so no pod ever starts with it.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { MINIMAL } from "../test/fixtures.js";
import { failuresOf, mockedRun } from "../test/pulumi.js";

const { registered, IngestorApp, k8s } = await mockedRun();

describe("IngestorApp with a malformed KAFKA_BROKERS output", () => {
  let failures: unknown[] = [];

  beforeAll(async () => {
    failures = await failuresOf(() => {
      const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
      const config = { KAFKA_BROKERS: pulumi.output("b-1.msk.example.com") };
      new IngestorApp("brokers", { ...MINIMAL, createNamespace: false, config }, { provider });
    });
  });

  it("fails the run with a pulumi.ResourceError naming INVALID_KAFKA_BROKERS", () => {
    expect(failures).toHaveLength(1);
    const [error] = failures;
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
