import { DEFAULTS, type PdbArgs, type ResourcesArgs } from "../args.js";
import { isInt, isPercent, parseQuantity } from "./checks.js";
import type { Issues } from "./issues.js";
import type { Settings } from "../settings.js";

export function validateResources(args: ResourcesArgs | undefined, issues: Issues): Settings["resources"] {
  const d = DEFAULTS.resources;
  const requests = {
    cpu: args?.requests?.cpu ?? d.requests.cpu,
    memory: args?.requests?.memory ?? d.requests.memory,
  };
  const limits = { cpu: args?.limits?.cpu ?? d.limits.cpu, memory: args?.limits?.memory ?? d.limits.memory };
  for (const kind of ["cpu", "memory"] as const) {
    const request = parseQuantity(requests[kind]);
    const limit = parseQuantity(limits[kind]);
    if (request === undefined) {
      issues.add(
        "INVALID_QUANTITY",
        `resources.requests.${kind}`,
        `${JSON.stringify(requests[kind])} is not a quantity`,
      );
    }
    if (limit === undefined) {
      issues.add(
        "INVALID_QUANTITY",
        `resources.limits.${kind}`,
        `${JSON.stringify(limits[kind])} is not a quantity`,
      );
    }
    if (request !== undefined && limit !== undefined && request > limit) {
      issues.add(
        "REQUESTS_EXCEED_LIMITS",
        `resources.requests.${kind}`,
        `request ${requests[kind]} is above limit ${limits[kind]}`,
      );
    }
  }
  return { requests, limits };
}

/** Exactly one of minAvailable / maxUnavailable, and never a budget that forbids every eviction. */
export function validatePdb(args: PdbArgs | undefined, minPods: number, issues: Issues): Settings["pdb"] {
  if (args === undefined) return DEFAULTS.pdb;
  const min: unknown = args.minAvailable;
  const max: unknown = args.maxUnavailable;
  if ((min === undefined) === (max === undefined)) {
    issues.add("PDB_CONFLICT", "pdb", "set exactly one of minAvailable and maxUnavailable");
    return DEFAULTS.pdb;
  }
  const value = min ?? max;
  if (!(isInt(value) && value >= 0) && !isPercent(value)) {
    issues.add(
      "INVALID_NUMBER",
      "pdb",
      `${JSON.stringify(value)} must be a non-negative integer or a percentage`,
    );
    return DEFAULTS.pdb;
  }
  return checkBudget(min !== undefined, value, minPods, issues);
}

function checkBudget(
  isMin: boolean,
  value: number | string,
  minPods: number,
  issues: Issues,
): Settings["pdb"] {
  const blocks = isMin
    ? value === "100%" || (isInt(value) && value >= minPods)
    : value === 0 || value === "0%";
  if (blocks) {
    issues.add(
      "PDB_BLOCKS_EVICTION",
      "pdb",
      `with ${minPods} pod(s) this budget allows no eviction: node drains hang`,
    );
  }
  return isMin ? { minAvailable: value } : { maxUnavailable: value };
}
