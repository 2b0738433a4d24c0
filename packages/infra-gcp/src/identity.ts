import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";
import { options, type Scope } from "./scope.js";

/** Project roles a node needs to ship logs and metrics, and nothing else (image pulls are granted per repository). */
export const nodeProjectRoles = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
] as const;

/**
 * A service account id (6-30 characters, lowercase, starting with a letter) from a base name and a suffix.
 * The suffix survives truncation so `-nodes` and the workload account never collide.
 */
export function serviceAccountId(base: string, suffix: string): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  const room = 30 - suffix.length;
  const head = clean.slice(0, Math.max(0, room)).replace(/-+$/, "");
  return `${head}${suffix}`.padEnd(6, "0");
}

export interface NodeIdentity {
  readonly account: gcp.serviceaccount.Account;
  /** The project role grants; the node pool depends on them so nodes never start half-authorised. */
  readonly grants: gcp.projects.IAMMember[];
}

/** A dedicated, least-privilege node service account instead of the Compute Engine default (Editor). */
export function createNodeIdentity(name: string, config: GcpConfig, scope: Scope): NodeIdentity {
  const opts = options(scope);
  const account = new gcp.serviceaccount.Account(
    `${name}-nodes`,
    {
      project: config.project,
      accountId: serviceAccountId(name, "-nodes"),
      displayName: `GKE nodes of ${name}`,
    },
    opts,
  );
  const member = pulumi.interpolate`serviceAccount:${account.email}`;
  const grants = nodeProjectRoles.map(
    (role) =>
      new gcp.projects.IAMMember(
        `${name}-nodes-${role.slice("roles/".length).replace(/\./g, "-")}`,
        { project: config.project, role, member },
        opts,
      ),
  );
  return { account, grants };
}

/**
 * Kubernetes Engine Viewer: GKE clusters and their Kubernetes objects read-only, Secrets excluded. A project
 * role (GKE has no cluster-level IAM), so it reads every cluster of the project.
 */
export const previewRole = "roles/container.viewer";

/** View-only access for pull-request previews (docs/deploy.md, section 8): one grant per configured member. */
export function grantPreviewAccess(name: string, config: GcpConfig, scope: Scope): gcp.projects.IAMMember[] {
  return config.previewMembers.map(
    (member, i) =>
      new gcp.projects.IAMMember(
        `${name}-preview-viewer-${String(i)}`,
        { project: config.project, role: previewRole, member },
        options(scope),
      ),
  );
}

/** The Kubernetes identity the Google service account trusts: `<project>.svc.id.goog[<namespace>/<ksa>]`. */
export function workloadIdentityMember(
  project: string,
  namespace: string,
  serviceAccountName: string,
): string {
  return `serviceAccount:${project}.svc.id.goog[${namespace}/${serviceAccountName}]`;
}

export interface WorkloadIdentity {
  readonly account: gcp.serviceaccount.Account;
  readonly binding: gcp.serviceaccount.IAMMember;
}

/**
 * The ingestor's Google service account, impersonable only by its Kubernetes ServiceAccount. It holds no roles yet:
 * grant it what the workload needs (e.g. Managed Kafka client) where that resource is defined.
 */
export function createWorkloadIdentity(
  name: string,
  config: GcpConfig,
  namespace: string,
  serviceAccountName: string,
  /** The cluster: the `<project>.svc.id.goog` pool a binding names exists only once a cluster uses it. */
  cluster: pulumi.Resource,
  scope: Scope,
): WorkloadIdentity {
  const account = new gcp.serviceaccount.Account(
    `${name}-workload`,
    {
      project: config.project,
      accountId: serviceAccountId(name, "-app"),
      displayName: `${namespace}/${serviceAccountName} workload identity`,
    },
    options(scope),
  );
  const binding = new gcp.serviceaccount.IAMMember(
    `${name}-workload-identity-user`,
    {
      serviceAccountId: account.name,
      role: "roles/iam.workloadIdentityUser",
      member: workloadIdentityMember(config.project, namespace, serviceAccountName),
    },
    options(scope, cluster),
  );
  return { account, binding };
}
