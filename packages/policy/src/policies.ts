import type { ResourceValidationPolicy } from "@pulumi/policy";
import { CHECKS, podOf, workloadKindOf, type Check } from "./checks.js";

export const PACK_NAME = "event-ingestor-hardening";

/**
 * One mandatory policy per check, applied to every Kubernetes resource of the kinds it names (any API
 * version): the image rule to everything that runs pods, the hardening rules to Deployments.
 */
function policyOf(check: Check): ResourceValidationPolicy {
  return {
    name: check.id,
    description: check.description,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
      const kind = workloadKindOf(args.type);
      if (kind === undefined || !check.kinds.includes(kind)) return;
      for (const message of check.run(podOf(args.props, kind))) reportViolation(`${args.name}: ${message}`);
    },
  };
}

export const policies: ResourceValidationPolicy[] = CHECKS.map(policyOf);
