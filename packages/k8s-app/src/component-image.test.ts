// An image given as an output is only known once Pulumi resolves it: a tag-only one must still never reach
// the cluster. The failure is the program's (a rejected Deployment registration), so it is caught here the
// way Pulumi's language host catches it: as an unhandled rejection of the run.
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

describe("IngestorApp with a tag-only image given as an output", () => {
  beforeAll(async () => {
    process.on("unhandledRejection", collect);
    const provider = new k8s.Provider("cluster", { kubeconfig: "{}" });
    const image = pulumi.output("ghcr.io/acme/ingestor:1.0");
    new IngestorApp("tag", { ...MINIMAL, createNamespace: false, image }, { provider });
    await vi.waitFor(() => {
      expect(failures.length).toBeGreaterThan(0);
    });
    await pulumi.runtime.disconnect(); // every registration has either reached the mock or failed
  });

  afterAll(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the last rejections be reported
    process.off("unhandledRejection", collect);
  });

  it("fails the run with a pulumi.ResourceError naming IMAGE_NOT_PINNED", () => {
    const distinct = [...new Set(failures)];
    expect(distinct).toHaveLength(1);
    const [error] = distinct;
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
