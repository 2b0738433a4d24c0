import * as gcp from "@pulumi/gcp";
import type { GcpConfig } from "./config.js";
import { options, type Scope } from "./scope.js";

/** Names of the subnetwork's secondary ranges, which the cluster's IP allocation policy refers to. */
export const podsRangeName = "pods";
export const servicesRangeName = "services";

export interface Network {
  readonly network: gcp.compute.Network;
  readonly subnetwork: gcp.compute.Subnetwork;
  /** Cloud NAT: the nodes have no external IPs, so this is their only way out (Kafka, package mirrors). */
  readonly nat: gcp.compute.RouterNat;
}

/** A custom-mode VPC with one VPC-native subnetwork (secondary ranges for pods and services) and Cloud NAT. */
export function createNetwork(name: string, config: GcpConfig, scope: Scope): Network {
  const opts = options(scope);
  const network = new gcp.compute.Network(
    `${name}-vpc`,
    {
      project: config.project,
      // Custom mode: one subnetwork we size ourselves instead of one per region.
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
    },
    opts,
  );

  const subnetwork = new gcp.compute.Subnetwork(
    `${name}-nodes`,
    {
      project: config.project,
      region: config.region,
      network: network.id,
      ipCidrRange: config.subnetCidr,
      secondaryIpRanges: [
        { rangeName: podsRangeName, ipCidrRange: config.podsCidr },
        { rangeName: servicesRangeName, ipCidrRange: config.servicesCidr },
      ],
      // Private nodes reach Google APIs (Artifact Registry, logging) without NAT.
      privateIpGoogleAccess: true,
      logConfig: {
        aggregationInterval: "INTERVAL_5_MIN",
        flowSampling: 0.5,
        metadata: "INCLUDE_ALL_METADATA",
      },
    },
    opts,
  );

  const router = new gcp.compute.Router(
    `${name}-router`,
    { project: config.project, region: config.region, network: network.id },
    opts,
  );

  const nat = new gcp.compute.RouterNat(
    `${name}-nat`,
    {
      project: config.project,
      region: config.region,
      router: router.name,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetworks: [{ name: subnetwork.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    },
    opts,
  );

  return { network, subnetwork, nat };
}
