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

/** EKS access policies (AWS-managed, cluster scope) for the two kinds of principal the stack lets in. */
export const accessPolicyArns = {
  /** Everything, cluster-wide. */
  admin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
  /** Read most objects (no Secrets), write nothing: enough for a PR preview, which falls back on a 403. */
  view: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
} as const;

/**
 * The Cluster Autoscaler owns the node group's desired size once the group exists, so an `up` must not reset
 * it. ManagedNodeGroup is a component: the option has to reach the EKS NodeGroup inside it, hence a transform.
 */
export const keepAutoscaledSize: pulumi.ResourceTransform = (args) =>
  args.type === "aws:eks/nodeGroup:NodeGroup"
    ? {
        props: args.props,
        opts: {
          ...args.opts,
          ignoreChanges: [...(args.opts.ignoreChanges ?? []), "scalingConfig.desiredSize"],
        },
      }
    : undefined;

/** The cluster, its node group and a Kubernetes provider for it. */
export interface EksCluster {
  readonly cluster: eks.Cluster;
  readonly nodeGroup: eks.ManagedNodeGroup;
  /** EKS managed add-ons (CoreDNS, metrics-server), created once nodes can run them. */
  readonly addons: aws.eks.Addon[];
  readonly provider: k8s.Provider;
  readonly clusterName: pulumi.Output<string>;
}

/** The stack's access entries: one per principal (authentication mode API: no aws-auth ConfigMap). */
export function accessEntries(
  config: Pick<AwsConfig, "adminPrincipalArns" | "previewPrincipalArns">,
): Record<string, eks.types.input.AccessEntryArgs> {
  const entries = (
    kind: keyof typeof accessPolicyArns,
    principalArns: readonly string[],
  ): [string, eks.types.input.AccessEntryArgs][] =>
    principalArns.map((principalArn, i) => [
      `${kind}-${String(i)}`,
      {
        principalArn,
        accessPolicies: { [kind]: { policyArn: accessPolicyArns[kind], accessScope: { type: "cluster" } } },
      },
    ]);
  return Object.fromEntries([
    ...entries("admin", config.adminPrincipalArns),
    ...entries("view", config.previewPrincipalArns),
  ]);
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
      accessEntries: accessEntries(config),
      ...(config.kubernetesVersion === undefined ? {} : { version: config.kubernetesVersion }),
      // At the end of standard support EKS upgrades the cluster instead of moving it to (paid) extended support.
      upgradePolicy: { supportType: "STANDARD" },
      // CoreDNS becomes an EKS managed add-on below; pulumi-eks would keep the self-managed one, since the
      // cluster has no default node group.
      corednsAddonOptions: { enabled: false },
      // The VPC CNI as pulumi-eks's managed add-on, with the network policy agent on: the app's NetworkPolicy is
      // enforced.
      useDefaultVpcCni: false,
      vpcCniOptions: { enableNetworkPolicy: true },
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

  // IMDSv2 only, with a hop limit of 1: the node's own processes reach the metadata service, pods (one hop
  // further, behind the pod network) cannot, so no pod can read the node role's credentials. Nothing in-cluster
  // needs IMDS: the controllers get region and VPC id as settings, the ingestor its own IRSA role.
  const launchTemplate = new aws.ec2.LaunchTemplate(
    `${name}-nodes`,
    {
      description: "event-ingestor nodes: IMDSv2 only, hop limit 1; encrypted gp3 root volume",
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      blockDeviceMappings: [
        {
          // The AL2023 EKS AMI's root device.
          deviceName: "/dev/xvda",
          ebs: {
            volumeSize: config.nodeDiskSizeGib,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${name}-node` } }],
    },
    opts,
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
      // Disk size and IMDS settings live in the launch template (EKS refuses diskSize with one).
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
      scalingConfig: {
        minSize: config.nodeMinSize,
        desiredSize: config.nodeDesiredSize,
        maxSize: config.nodeMaxSize,
      },
      labels: { "event-ingestor/pool": "default" },
    },
    { ...opts, dependsOn: attachments, transforms: [keepAutoscaledSize] },
  );

  const addons = createAddons(name, cluster.eksCluster.name, { ...opts, dependsOn: [nodeGroup] });

  const provider = new k8s.Provider(
    `${name}-k8s`,
    { kubeconfig: cluster.kubeconfigJson, enableServerSideApply: true },
    opts,
  );
  return { cluster, nodeGroup, addons, provider, clusterName: cluster.eksCluster.name };
}

/**
 * EKS managed add-ons, at the default version for the cluster's Kubernetes version; EKS patches them. CoreDNS
 * takes over the bootstrap deployment (conflicts resolved in its favour); both wait for nodes, since an add-on
 * without pods to run never becomes active. (The VPC CNI add-on is pulumi-eks's, see `vpcCniOptions`.)
 */
export const managedAddons = [
  /** Cluster DNS. */
  "coredns",
  /** Resource metrics for the app's HorizontalPodAutoscaler (`kubectl top` too). */
  "metrics-server",
] as const;

function createAddons(
  name: string,
  clusterName: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): aws.eks.Addon[] {
  return managedAddons.map(
    (addonName) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
        },
        opts,
      ),
  );
}
