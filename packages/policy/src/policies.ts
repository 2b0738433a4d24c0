import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CHECKS, DEPLOYMENT_TYPE, podOf, type Check } from "./checks.js";

export const PACK_NAME = "event-ingestor-hardening";

/** One mandatory policy per check, applied to every Kubernetes Deployment in the stack. */
function policyOf(check: Check): ResourceValidationPolicy {
  return {
    name: check.id,
    description: check.description,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      if (args.type !== DEPLOYMENT_TYPE) return;
      for (const message of check.run(podOf(args.props))) reportViolation(`${args.name}: ${message}`);
    },
  };
}

export const policies: ResourceValidationPolicy[] = CHECKS.map(policyOf);
