import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { CHECKS } from "./checks.js";
import { PACK_NAME, policies } from "./policies.js";

/** Runs every policy of the pack on one resource the way the engine does, collecting the reports. */
async function validate(type: string, props: Record<string, unknown>): Promise<Record<string, string[]>> {
  const reports: Record<string, string[]> = {};
  for (const policy of policies) {
    const report: ReportViolation = (message) => {
      (reports[policy.name] ??= []).push(message);
    };
    const args: ResourceValidationArgs = {
      type,
      props,
      urn: `urn:pulumi:dev::event-ingestor::${type}::ingestor`,
      name: "ingestor",
      opts: {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        additionalSecretOutputs: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      },
      stackTags: new Map(),
      isType: () => false,
      asType: () => undefined,
      getConfig: () => {
        throw new Error("these policies take no configuration");
      },
      notApplicable: (reason) => {
        throw new Error(`not applicable: ${reason ?? ""}`);
      },
    };
    const validations = [policy.validateResource ?? []].flat();
    for (const validation of validations) await validation(args, report);
  }
  return reports;
}

const TAG_ONLY = {
  spec: { template: { spec: { containers: [{ name: "app", image: "ghcr.io/acme/app:1.0" }] } } },
};

describe("the event-ingestor-hardening policy pack", () => {
  it("has one mandatory policy per check", () => {
    expect(PACK_NAME).toBe("event-ingestor-hardening");
    expect(policies.map((p) => p.name)).toEqual(CHECKS.map((c) => c.id));
    for (const p of policies) expect(p.enforcementLevel).toBe("mandatory");
  });

  it("reports a Deployment's violations under the policy that owns each, naming the resource", async () => {
    const reports = await validate("kubernetes:apps/v1:Deployment", TAG_ONLY);
    expect(Object.keys(reports).sort()).toEqual(CHECKS.map((c) => c.id).sort());
    expect(reports["image-by-digest"]).toEqual([
      'ingestor: container "app": image ghcr.io/acme/app:1.0 is pinned by tag only; use repo@sha256:<digest>',
    ]);
  });

  it("leaves other resource types alone", async () => {
    expect(await validate("kubernetes:apps/v1:StatefulSet", TAG_ONLY)).toEqual({});
    expect(await validate("kubernetes:core/v1:ConfigMap", { data: {} })).toEqual({});
  });
});
