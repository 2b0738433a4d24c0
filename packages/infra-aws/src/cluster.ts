import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type * as awsx from "@pulumi/awsx";
import type { AwsConfig } from "./config.js";

/** Managed policies a managed node group's instance role needs; registry access is pull-only. */
export const nodeRolePolicyArns = [
  "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
] as const;

const clusterAdminPolicyArn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** The cluster, its node group and a Kubernetes provider for it. */
export interface EksCluster {
  readonly cluster: eks.Cluster;
  readonly nodeGroup: eks.ManagedNodeGroup;
  readonly provider: k8s.Provider;
  readonly clusterName: pulumi.Output<string>;
}

/** Cluster-admin access entries for the configured IAM principals (authentication mode API: no aws-auth). */
export function adminAccessEntries(
  principalArns: readonly string[],
): Record<string, eks.types.input.AccessEntryArgs> {
  return Object.fromEntries(
    principalArns.map((principalArn, i) => [
      `admin-${i}`,
      {
        principalArn,
        accessPolicies: {
          admin: { policyArn: clusterAdminPolicyArn, accessScope: { type: "cluster" } },
        },
      },
    ]),
  );
}

/**
 * EKS with access entries only (`AuthenticationMode.Api`), an OIDC provider for IRSA, and one managed node
 * group in the private subnets. No default (self-managed) node group, no public node IPs.
 */
export function createCluster(
  name: string,
  vpc: awsx.ec2.Vpc,
  config: AwsConfig,
  opts: pulumi.ComponentResourceOptions,
): EksCluster {
  const cluster = new eks.Cluster(
    name,
    {
      vpcId: vpc.vpcId,
      publicSubnetIds: vpc.publicSubnetIds,
      privateSubnetIds: vpc.privateSubnetIds,
      nodeAssociatePublicIpAddress: false,
      skipDefaultNodeGroup: true,
      authenticationMode: eks.AuthenticationMode.Api,
      accessEntries: adminAccessEntries(config.adminPrincipalArns),
      version: config.kubernetesVersion,
      createOidcProvider: true,
      endpointPrivateAccess: true,
      endpointPublicAccess: true,
      publicAccessCidrs: [...config.apiPublicAccessCidrs],
      enabledClusterLogTypes: ["audit", "authenticator"],
      tags: { Name: name },
    },
    opts,
  );

  const nodeRole = new aws.iam.Role(
    `${name}-node`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    },
    opts,
  );
  const attachments = nodeRolePolicyArns.map(
    (policyArn, i) =>
      new aws.iam.RolePolicyAttachment(`${name}-node-${String(i)}`, { role: nodeRole.name, policyArn }, opts),
  );

  // EKS creates the EC2_LINUX access entry for a managed node group's role itself.
  const nodeGroup = new eks.ManagedNodeGroup(
    `${name}-nodes`,
    {
      cluster,
      nodeRole,
      subnetIds: vpc.privateSubnetIds,
      instanceTypes: [...config.nodeInstanceTypes],
      amiType: eks.AmiType.AL2023X86_64Standard,
      diskSize: config.nodeDiskSizeGib,
      scalingConfig: {
        minSize: config.nodeMinSize,
        desiredSize: config.nodeDesiredSize,
        maxSize: config.nodeMaxSize,
      },
      enableIMDSv2: true,
      labels: { "event-ingestor/pool": "default" },
    },
    { ...opts, dependsOn: attachments },
  );

  const provider = new k8s.Provider(
    `${name}-k8s`,
    { kubeconfig: cluster.kubeconfigJson, enableServerSideApply: true },
    opts,
  );
  return { cluster, nodeGroup, provider, clusterName: cluster.eksCluster.name };
}
