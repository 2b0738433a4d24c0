import { describe, expect, it } from "vitest";
import { CHECKS, HARDENED_KINDS } from "./checks.js";
import { PACK_NAME, policies } from "./policies.js";
import { runPack } from "../test/engine.js";
import { WORKLOAD_TYPES } from "../test/workloads.js";

const TAG_ONLY_IMAGE = "ghcr.io/acme/app:1.0";
const TAG_ONLY_MESSAGE = `image ${TAG_ONLY_IMAGE} is pinned by tag only; use repo@sha256:<digest>`;
const pod = (key = "containers") => ({ [key]: [{ name: "app", image: TAG_ONLY_IMAGE }] });

/** Every type that runs pods but the hardened kinds (to which the hardening policies apply too). */
const OTHER_WORKLOADS = WORKLOAD_TYPES.filter(([, kind]) => !HARDENED_KINDS.includes(kind)).map(
  ([type, , wrap]) => [type, wrap] as const,
);

describe("the event-ingestor-hardening policy pack", () => {
  it("has one mandatory policy per check", () => {
    expect(PACK_NAME).toBe("event-ingestor-hardening");
    expect(policies.map((p) => p.name)).toEqual(CHECKS.map((c) => c.id));
    for (const p of policies) expect(p.enforcementLevel).toBe("mandatory");
  });

  it("reports a Deployment's violations under the policy that owns each, naming the resource", async () => {
    const { violations, skipped } = await runPack("kubernetes:apps/v1:Deployment", {
      spec: { template: { spec: pod() } },
    });
    expect(Object.keys(violations).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    expect(violations["image-by-digest"]).toEqual([`ingestor: container "app": ${TAG_ONLY_MESSAGE}`]);
    expect(skipped).toEqual({});
  });

  it("reports a Job's violations under every policy but probes-set", async () => {
    const { violations } = await runPack("kubernetes:batch/v1:Job", { spec: { template: { spec: pod() } } });
    expect(Object.keys(violations).sort()).toEqual(
      CHECKS.map((c) => c.id)
        .filter((id) => id !== "probes-set")
        .sort(),
    );
  });

  it.each(OTHER_WORKLOADS)(
    "refuses a tag-only image in a %s, under image-by-digest only",
    async (type, wrap) => {
      const { violations } = await runPack(type, wrap(pod()));
      expect(violations).toEqual({ "image-by-digest": [`ingestor: container "app": ${TAG_ONLY_MESSAGE}`] });
    },
  );

  it.each(WORKLOAD_TYPES)(
    "refuses a tag-only init or ephemeral container image in a %s",
    async (type, _kind, wrap) => {
      for (const [key, label] of [
        ["initContainers", "init container"],
        ["ephemeralContainers", "ephemeral container"],
      ] as const) {
        const { violations } = await runPack(type, wrap(pod(key)));
        expect(violations["image-by-digest"], key).toEqual([`ingestor: ${label} "app": ${TAG_ONLY_MESSAGE}`]);
      }
    },
  );

  it("leaves resources that run no pods alone", async () => {
    expect(await runPack("kubernetes:core/v1:ConfigMap", { data: {} })).toEqual({
      violations: {},
      skipped: {},
    });
    const template = { template: { spec: pod() } };
    expect((await runPack("kubernetes:core/v1:PodTemplate", template)).violations).toEqual({});
    expect((await runPack("kubernetes:example.com/v1:Deployment", { spec: template })).violations).toEqual(
      {},
    );
  });
});
