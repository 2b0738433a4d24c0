import * as awsx from "@pulumi/awsx";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "./config.js";

/** Subnet tags the AWS Load Balancer Controller uses to discover where to place load balancers. */
export const publicSubnetTags = { "kubernetes.io/role/elb": "1" } as const;
export const privateSubnetTags = { "kubernetes.io/role/internal-elb": "1" } as const;

/**
 * A VPC across `availabilityZones` AZs: a small public subnet per AZ for internet-facing load balancers and
 * NAT, a larger private subnet per AZ for the nodes (no public IPs), egress through NAT.
 */
export function createNetwork(
  name: string,
  config: Pick<AwsConfig, "vpcCidr" | "availabilityZones" | "natGateways">,
  opts: pulumi.ComponentResourceOptions,
): awsx.ec2.Vpc {
  return new awsx.ec2.Vpc(
    name,
    {
      cidrBlock: config.vpcCidr,
      numberOfAvailabilityZones: config.availabilityZones,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
      subnetSpecs: [
        { type: awsx.ec2.SubnetType.Public, cidrMask: 22, tags: { ...publicSubnetTags } },
        { type: awsx.ec2.SubnetType.Private, cidrMask: 19, tags: { ...privateSubnetTags } },
      ],
      natGateways: { strategy: awsx.ec2.NatGatewayStrategy[config.natGateways] },
      tags: { Name: name },
    },
    opts,
  );
}
