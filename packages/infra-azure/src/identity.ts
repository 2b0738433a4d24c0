import * as managedidentity from "@pulumi/azure-native/managedidentity/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { Scope } from "./scope.js";

/** The audience Azure AD workload identity federation expects. */
export const tokenExchangeAudience = "api://AzureADTokenExchange";

/** The `sub` claim of a Kubernetes ServiceAccount token. */
export function serviceAccountSubject(namespace: string, serviceAccountName: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccountName}`;
}

export interface WorkloadIdentity {
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly credential: managedidentity.FederatedIdentityCredential;
}

/**
 * The ingestor's user-assigned managed identity, trusted for exactly one ServiceAccount of this cluster. It holds no
 * roles yet: grant it what the workload needs (e.g. Event Hubs Data Sender) where that resource is defined.
 */
export function createWorkloadIdentity(
  name: string,
  args: {
    readonly oidcIssuerUrl: pulumi.Input<string>;
    readonly namespace: string;
    readonly serviceAccountName: string;
  },
  scope: Scope,
): WorkloadIdentity {
  const identity = new managedidentity.UserAssignedIdentity(
    `${name}-workload`,
    { resourceGroupName: scope.resourceGroupName, location: scope.location },
    { parent: scope.parent },
  );
  const credential = new managedidentity.FederatedIdentityCredential(
    `${name}-workload-federation`,
    {
      resourceGroupName: scope.resourceGroupName,
      resourceName: identity.name,
      issuer: args.oidcIssuerUrl,
      subject: serviceAccountSubject(args.namespace, args.serviceAccountName),
      audiences: [tokenExchangeAudience],
    },
    { parent: scope.parent },
  );
  return { identity, credential };
}
