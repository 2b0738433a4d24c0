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
 * Enables one API (when `enableApis`) and returns it, for the resources that need it to depend on; `[]` when the
 * project's APIs are managed elsewhere. Destroying the stack leaves it enabled: other workloads in the project may
 * rely on it.
 */
export function enableApi(
  name: string,
  config: GcpConfig,
  service: string,
  parent: pulumi.Resource,
): gcp.projects.Service[] {
  if (!config.enableApis) return [];
  return [
    new gcp.projects.Service(
      `${name}-${service.split(".")[0] ?? service}`,
      { project: config.project, service, disableOnDestroy: false, disableDependentServices: false },
      { parent },
    ),
  ];
}

/** Enables the required APIs (see {@link enableApi}), for every other resource to depend on. */
export function enableApis(name: string, config: GcpConfig, parent: pulumi.Resource): gcp.projects.Service[] {
  return requiredApis.flatMap((service) => enableApi(name, config, service, parent));
}
