import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole, irsaRoleAnnotation } from "./identity.js";

export const clusterAutoscalerNamespace = "kube-system";
export const clusterAutoscalerServiceAccount = "cluster-autoscaler";
export const clusterAutoscalerChartRepo = "https://kubernetes.github.io/autoscaler";

/** What the autoscaler needs to know about the cluster it scales. */
export interface ClusterAutoscalerArgs {
  readonly clusterName: pulumi.Input<string>;
  /** The cluster's Kubernetes version (`1.35`): the autoscaler runs the release of the same minor. */
  readonly kubernetesVersion: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  readonly chartVersion: string;
  readonly provider: k8s.Provider;
  readonly dependsOn: pulumi.Resource[];
}

/**
 * The autoscaler's IAM policy as its AWS guide recommends: read the groups, and resize or shrink only the
 * Auto Scaling groups EKS tagged as owned by this cluster (managed node groups carry the tag).
 */
export function clusterAutoscalerPolicy(clusterName: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
          "eks:DescribeNodegroup",
        ],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: {
          StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" },
        },
      },
    ],
  });
}

/** `1.35` or `1.35.2` -> `v1.35.0`: every autoscaler minor starts with a .0 release. */
export function clusterAutoscalerImageTag(kubernetesVersion: string): string {
  const minor = /^(\d+\.\d+)/.exec(kubernetesVersion)?.[1];
  if (minor === undefined) throw new Error(`not a Kubernetes version: ${kubernetesVersion}`);
  return `v${minor}.0`;
}

/**
 * Cluster Autoscaler (Helm) with an IRSA role: adds nodes to the managed node group when pods (the HPA's new
 * replicas) cannot be scheduled, removes underused ones, within the group's min and max.
 */
export function createClusterAutoscaler(
  name: string,
  args: ClusterAutoscalerArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  const role = createIrsaRole(
    `${name}-role`,
    {
      oidcProviderArn: args.oidcProviderArn,
      oidcIssuer: args.oidcIssuer,
      namespace: clusterAutoscalerNamespace,
      serviceAccountName: clusterAutoscalerServiceAccount,
      description: "Cluster Autoscaler (IRSA)",
    },
    opts,
  );
  const policy = new aws.iam.RolePolicy(
    `${name}-policy`,
    { role: role.name, policy: pulumi.output(args.clusterName).apply(clusterAutoscalerPolicy) },
    opts,
  );
  return new k8s.helm.v3.Release(
    name,
    {
      chart: "cluster-autoscaler",
      version: args.chartVersion,
      repositoryOpts: { repo: clusterAutoscalerChartRepo },
      namespace: clusterAutoscalerNamespace,
      atomic: true,
      values: {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        image: { tag: pulumi.output(args.kubernetesVersion).apply(clusterAutoscalerImageTag) },
        rbac: {
          serviceAccount: {
            create: true,
            name: clusterAutoscalerServiceAccount,
            annotations: { [irsaRoleAnnotation]: role.arn },
          },
        },
        extraArgs: {
          // Spread replicas over the zonal node groups alike; pick the node that wastes least.
          "balance-similar-node-groups": true,
          expander: "least-waste",
          "skip-nodes-with-system-pods": false,
        },
      },
    },
    { ...opts, provider: args.provider, dependsOn: [...args.dependsOn, policy] },
  );
}
