import * as network from "@pulumi/azure-native/network/index.js";
import type { AzureConfig } from "./config.js";
import type { Scope } from "./scope.js";

export interface Network {
  readonly vnet: network.VirtualNetwork;
  /** The nodes' subnet. Pods do not take addresses here: Azure CNI Overlay gives them `podCidr`. */
  readonly nodeSubnet: network.Subnet;
}

/**
 * A VNet with one node subnet. The subnet is a separate resource (azure-native leaves such subnets alone when the
 * VNet changes) and has no default outbound access: the nodes have no public IPs and leave through the cluster's
 * load balancer.
 */
export function createNetwork(name: string, config: AzureConfig, scope: Scope): Network {
  const vnet = new network.VirtualNetwork(
    `${name}-vnet`,
    {
      resourceGroupName: scope.resourceGroupName,
      location: scope.location,
      addressSpace: { addressPrefixes: [config.vnetCidr] },
    },
    { parent: scope.parent },
  );
  const nodeSubnet = new network.Subnet(
    `${name}-nodes`,
    {
      resourceGroupName: scope.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefix: config.nodeSubnetCidr,
      defaultOutboundAccess: false,
    },
    { parent: scope.parent },
  );
  return { vnet, nodeSubnet };
}
