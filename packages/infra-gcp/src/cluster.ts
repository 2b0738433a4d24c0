import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";
import { options, type Scope } from "./scope.js";
import type { Network } from "./network.js";
import { podsRangeName, servicesRangeName } from "./network.js";

export interface Cluster {
  readonly cluster: gcp.container.Cluster;
  readonly nodePool: gcp.container.NodePool;
}

export interface ClusterArgs {
  readonly network: Network;
  /** Email of the dedicated node service account. */
  readonly nodeServiceAccount: pulumi.Input<string>;
  /** Resources the node pool must wait for (the node account's role grants). */
  readonly nodePoolDependsOn: pulumi.Resource[];
}

/** IAM, not scopes, limits what the node account may do; this is Google's recommended scope. */
const cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

/** The workload identity pool every GKE cluster of a project shares. */
export function workloadPool(project: string): string {
  return `${project}.svc.id.goog`;
}

/**
 * A Standard, VPC-native GKE cluster with private nodes, workload identity and a release channel, plus one
 * autoscaled node pool. The default pool is removed at creation: a separately managed pool can be changed or
 * replaced without touching the cluster.
 */
export function createCluster(name: string, config: GcpConfig, args: ClusterArgs, scope: Scope): Cluster {
  const cluster = new gcp.container.Cluster(
    name,
    {
      project: config.project,
      location: config.clusterLocation,
      network: args.network.network.id,
      subnetwork: args.network.subnetwork.id,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: {
        clusterSecondaryRangeName: podsRangeName,
        servicesSecondaryRangeName: servicesRangeName,
      },
      // Nodes get internal addresses only and leave through Cloud NAT. The control plane keeps its public
      // endpoint (restricted below) so `pulumi up` from CI and laptops can reach it; GKE wires the private side
      // through Private Service Connect, so no master CIDR has to be reserved.
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: config.apiAuthorizedCidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock })),
      },
      workloadIdentityConfig: { workloadPool: workloadPool(config.project) },
      releaseChannel: { channel: config.releaseChannel },
      // Dataplane V2 enforces NetworkPolicy (the app ships an optional one) without a separate Calico add-on.
      datapathProvider: "ADVANCED_DATAPATH",
      // The GCE ingress controller lives in the HTTP load balancing add-on.
      addonsConfig: { httpLoadBalancing: { disabled: false } },
      // Managed Service for Prometheus' managed collection (GKE's default since 1.27, stated so it stays on): GKE
      // runs the collectors and the PodMonitoring CRD. Nothing is scraped, and nothing billed, until a
      // PodMonitoring selects pods (`createManagedMetrics`).
      monitoringConfig: { managedPrometheus: { enabled: true } },
      enableShieldedNodes: true,
      // GKE insists on a default pool at creation; it is deleted straight away. Running it as the node account
      // (not the Compute Engine default account, which organisations often delete) keeps creation working.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: {
        serviceAccount: args.nodeServiceAccount,
        oauthScopes: [cloudPlatformScope],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      deletionProtection: config.deletionProtection,
    },
    // The default pool's settings only matter at creation; a diff on them must not replace the cluster.
    { ...options(scope), ignoreChanges: ["nodeConfig"] },
  );

  const nodePool = new gcp.container.NodePool(
    `${name}-default`,
    {
      project: config.project,
      location: config.clusterLocation,
      cluster: cluster.name,
      ...(config.nodeZones.length > 0 ? { nodeLocations: [...config.nodeZones] } : {}),
      initialNodeCount: config.nodeMinPerZone,
      autoscaling: { minNodeCount: config.nodeMinPerZone, maxNodeCount: config.nodeMaxPerZone },
      management: { autoRepair: true, autoUpgrade: true },
      upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
      nodeConfig: {
        machineType: config.machineType,
        imageType: "COS_CONTAINERD",
        diskSizeGb: config.nodeDiskSizeGb,
        diskType: "pd-balanced",
        spot: config.spotNodes,
        serviceAccount: args.nodeServiceAccount,
        oauthScopes: [cloudPlatformScope],
        // Pods see the GKE metadata server: workload identity tokens, never the node's own credentials.
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
      },
    },
    options(scope, ...args.nodePoolDependsOn),
  );

  return { cluster, nodePool };
}
