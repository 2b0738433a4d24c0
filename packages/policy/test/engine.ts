// Runs the pack's policies on one resource the way @pulumi/policy's server does: props behind the SDK's
// unknown-checking proxy, and a policy that reads a value unknown in a preview is skipped (reported as
// "can't run during preview"), not failed.
import * as policySdk from "@pulumi/policy";
import type { ReportViolation, ResourceValidationArgs } from "@pulumi/policy";
import { policies } from "../src/policies.js";

/** The SDK's own proxy and error, exported at runtime but typed @internal (stripped from its .d.ts). */
interface ProxySdk {
  readonly unknownCheckingProxy: <T extends object>(props: T) => T;
  readonly UnknownValueError: abstract new (...args: never[]) => Error;
}
function proxySdk(): ProxySdk {
  const { unknownCheckingProxy, UnknownValueError } = policySdk as unknown as Partial<ProxySdk>;
  if (typeof unknownCheckingProxy !== "function" || typeof UnknownValueError !== "function") {
    throw new Error("@pulumi/policy no longer exports unknownCheckingProxy / UnknownValueError");
  }
  return { unknownCheckingProxy, UnknownValueError };
}
const { unknownCheckingProxy, UnknownValueError } = proxySdk();

export interface PackResult {
  /** Violation messages by policy name. */
  readonly violations: Record<string, string[]>;
  /** Policies that could not run, with the SDK's reason (a value unknown in a preview). */
  readonly skipped: Record<string, string>;
}

export async function runPack(type: string, props: Record<string, unknown>): Promise<PackResult> {
  const violations: Record<string, string[]> = {};
  const skipped: Record<string, string> = {};
  for (const policy of policies) {
    const report: ReportViolation = (message) => {
      (violations[policy.name] ??= []).push(message);
    };
    const args: ResourceValidationArgs = {
      type,
      props: unknownCheckingProxy(props),
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
    for (const validation of [policy.validateResource ?? []].flat()) {
      try {
        await validation(args, report);
      } catch (err) {
        if (!(err instanceof UnknownValueError)) throw err;
        skipped[policy.name] = err.message;
      }
    }
  }
  return { violations, skipped };
}
