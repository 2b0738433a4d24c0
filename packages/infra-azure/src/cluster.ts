import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { AzureConfig } from "./config.js";
import type { Deployer } from "./deployer.js";
import type { Network } from "./network.js";
import { roleDefinitionId } from "./roles.js";
import type { Scope } from "./scope.js";

/** A cluster output that AKS always reports once the cluster exists is missing. */
export class AksOutputMissingError extends Error {
  override readonly name = "AksOutputMissingError";
  constructor(readonly field: string) {
    super(`the AKS cluster did not report ${field}`);
  }
}

export interface Cluster {
  readonly cluster: containerservice.ManagedCluster;
  /** Object id of the kubelet identity, which pulls images. */
  readonly kubeletObjectId: pulumi.Output<string>;
  /** The cluster's OIDC issuer URL, which federated credentials trust. */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  /** Role assignments the app must wait for (subnet rights for the cluster, cluster admin for the deployer). */
  readonly grants: authorization.RoleAssignment[];
  /** Grants to the app routing identity (Key Vault certificate, DNS zone); the Ingress waits for them. */
  readonly appRoutingGrants: authorization.RoleAssignment[];
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === "") throw new AksOutputMissingError(field);
  return value;
}

/** Only Linux system pool: it also runs the ingestor, which keeps a small deployment to one pool. */
export const systemPoolName = "system";

/**
 * AKS on the current API: system-assigned identity, Azure CNI Overlay with Cilium, OIDC issuer and workload
 * identity, the app routing add-on, a zonal autoscaled system pool in the node subnet without public node IPs,
 * and Entra ID with Azure RBAC (local accounts off) unless configured otherwise.
 */
export function createCluster(
  name: string,
  config: AzureConfig,
  args: {
    readonly network: Network;
    readonly deployer: Deployer;
    /** Serve TLS from the configured Key Vault certificate. */
    readonly tls: boolean;
  },
  scope: Scope,
): Cluster {
  const cluster = new containerservice.ManagedCluster(
    name,
    {
      resourceGroupName: scope.resourceGroupName,
      location: scope.location,
      dnsPrefix: name,
      ...(config.kubernetesVersion === undefined ? {} : { kubernetesVersion: config.kubernetesVersion }),
      identity: { type: "SystemAssigned" },
      sku: { name: "Base", tier: config.skuTier },
      agentPoolProfiles: [
        {
          name: systemPoolName,
          mode: "System",
          type: "VirtualMachineScaleSets",
          osType: "Linux",
          osSKU: "AzureLinux",
          vmSize: config.nodeVmSize,
          osDiskSizeGB: config.nodeOsDiskSizeGb,
          enableAutoScaling: true,
          count: config.nodeMinCount,
          minCount: config.nodeMinCount,
          maxCount: config.nodeMaxCount,
          availabilityZones: [...config.availabilityZones],
          vnetSubnetID: args.network.nodeSubnet.id,
          enableNodePublicIP: false,
          upgradeSettings: { maxSurge: "33%" },
        },
      ],
      // Overlay: pods get addresses from a private range outside the VNet, so the subnet only sizes for nodes;
      // kubenet is being retired. Cilium enforces the app's NetworkPolicy without a separate policy engine.
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        podCidr: config.podCidr,
        serviceCidr: config.serviceCidr,
        dnsServiceIP: config.dnsServiceIp,
        loadBalancerSku: "standard",
        outboundType: "loadBalancer",
      },
      oidcIssuerProfile: { enabled: true },
      securityProfile: { workloadIdentity: { enabled: true } },
      ingressProfile: {
        webAppRouting: {
          enabled: true,
          ...(config.dnsZoneId === undefined ? {} : { dnsZoneResourceIds: [config.dnsZoneId] }),
        },
      },
      // App routing reads Key Vault certificates through the Secrets Store CSI driver of this add-on.
      ...(args.tls
        ? {
            addonProfiles: {
              azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: "true" } },
            },
          }
        : {}),
      // Azure Monitor managed Prometheus' add-on (metrics.ts links it to a workspace).
      azureMonitorProfile: { metrics: { enabled: config.managedPrometheus } },
      autoUpgradeProfile: { upgradeChannel: config.upgradeChannel, nodeOSUpgradeChannel: "NodeImage" },
      apiServerAccessProfile: { authorizedIPRanges: [...config.apiAuthorizedCidrs] },
      enableRBAC: true,
      disableLocalAccounts: config.entraId,
      ...(config.entraId
        ? {
            aadProfile: {
              managed: true,
              enableAzureRBAC: true,
              tenantID: args.deployer.tenantId,
              adminGroupObjectIDs: [...config.adminGroupObjectIds],
            },
          }
        : {}),
    },
    { parent: scope.parent },
  );

  const clusterPrincipalId = cluster.identity.apply((identity) =>
    required(identity?.principalId, "identity.principalId"),
  );
  // AKS manages load balancers and routes in the node subnet; with a system-assigned identity in a VNet it did
  // not create, that right has to be granted after the identity exists (what `az aks create` does itself).
  const grants = [
    new authorization.RoleAssignment(
      `${name}-subnet-network-contributor`,
      {
        principalId: clusterPrincipalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, "networkContributor"),
        scope: args.network.nodeSubnet.id,
      },
      { parent: scope.parent },
    ),
  ];
  if (config.entraId && config.grantDeployerAccess) {
    // With local accounts off, the identity running `pulumi up` needs a Kubernetes role to apply the app.
    grants.push(
      new authorization.RoleAssignment(
        `${name}-deployer-cluster-admin`,
        {
          principalId: args.deployer.objectId,
          principalType: args.deployer.principalType,
          roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, "aksRbacClusterAdmin"),
          scope: cluster.id,
        },
        { parent: scope.parent },
      ),
    );
  }

  // Pull-request previews read the cluster and write nothing (docs/deploy.md, section 8). Nothing waits for these:
  // only previews use them.
  config.previewPrincipalIds.forEach(
    (principalId, i) =>
      new authorization.RoleAssignment(
        `${name}-preview-reader-${String(i)}`,
        {
          principalId,
          principalType: "ServicePrincipal",
          roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, "aksRbacReader"),
          scope: cluster.id,
        },
        { parent: scope.parent },
      ),
  );

  // App routing's identity reads the certificate (Key Vault Secrets User: the certificate with its key is a
  // secret) and writes the host's records in the DNS zone: what `az aks approuting update --attach-kv` and
  // `az aks approuting zone add --attach-zones` grant. The add-on retries until the grants have propagated.
  const appRoutingObjectId = (): pulumi.Output<string> =>
    cluster.ingressProfile.apply((profile) =>
      required(profile?.webAppRouting?.identity.objectId, "ingressProfile.webAppRouting.identity.objectId"),
    );
  const appRoutingGrant = (
    suffix: string,
    role: "keyVaultSecretsUser" | "dnsZoneContributor",
    target: string,
  ): authorization.RoleAssignment =>
    new authorization.RoleAssignment(
      `${name}-approuting-${suffix}`,
      {
        principalId: appRoutingObjectId(),
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, role),
        scope: target,
      },
      { parent: scope.parent },
    );
  const appRoutingGrants: authorization.RoleAssignment[] = [];
  if (args.tls && config.keyVaultId !== undefined) {
    appRoutingGrants.push(appRoutingGrant("keyvault", "keyVaultSecretsUser", config.keyVaultId));
  }
  if (config.dnsZoneId !== undefined) {
    appRoutingGrants.push(appRoutingGrant("dns", "dnsZoneContributor", config.dnsZoneId));
  }

  return {
    cluster,
    appRoutingGrants,
    kubeletObjectId: cluster.identityProfile.apply((profile) =>
      required(profile?.["kubeletidentity"]?.objectId, "identityProfile.kubeletidentity.objectId"),
    ),
    oidcIssuerUrl: cluster.oidcIssuerProfile.apply((profile) =>
      required(profile?.issuerURL, "oidcIssuerProfile.issuerURL"),
    ),
    grants,
  };
}
