// An image given as an output is only known once Pulumi resolves it: a tag-only one must still never reach
// the cluster. The failure is the program's (a rejected Deployment registration).
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { MINIMAL } from "../test/fixtures.js";
import { failuresOf, mockedRun } from "../test/pulumi.js";

const { registered, IngestorApp, k8s } = await mockedRun();

describe("IngestorApp with a tag-only image given as an output", () => {
  let failures: unknown[] = [];

  beforeAll(async () => {
    failures = await failuresOf(() => {
      const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
      const image = pulumi.output("ghcr.io/acme/ingestor:1.0");
      new IngestorApp("tag", { ...MINIMAL, createNamespace: false, image }, { provider });
    });
  });

  it("fails the run with a pulumi.ResourceError naming IMAGE_NOT_PINNED", () => {
    expect(failures).toHaveLength(1);
    const [error] = failures;
    expect(error).toBeInstanceOf(pulumi.ResourceError);
    expect(error instanceof Error ? error.message : "").toMatch(
      /image: ghcr\.io\/acme\/ingestor:1\.0 has a tag but no digest.*\[IMAGE_NOT_PINNED\]/,
    );
  });

  it("never registers the Deployment (nor the HPA that scales it)", () => {
    const types = registered.map((r) => r.type);
    expect(types).toContain("kubernetes:core/v1:ConfigMap");
    expect(types).not.toContain("kubernetes:apps/v1:Deployment");
    expect(types).not.toContain("kubernetes:autoscaling/v2:HorizontalPodAutoscaler");
  });
});
