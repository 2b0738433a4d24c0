import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";

/** APIs a fresh project needs before any of this package's resources can be created. */
export const requiredApis = [
  "compute.googleapis.com",
  "container.googleapis.com",
  "artifactregistry.googleapis.com",
  "iam.googleapis.com",
] as const;

/**
 * Enables the required APIs (when `enableApis`) and returns them, for every other resource to depend on.
 * Destroying the stack leaves them enabled: other workloads in the project may rely on them.
 */
export function enableApis(name: string, config: GcpConfig, parent: pulumi.Resource): gcp.projects.Service[] {
  if (!config.enableApis) return [];
  return requiredApis.map(
    (service) =>
      new gcp.projects.Service(
        `${name}-${service.split(".")[0] ?? service}`,
        { project: config.project, service, disableOnDestroy: false, disableDependentServices: false },
        { parent },
      ),
  );
}
