import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { createIrsaRole, irsaRoleAnnotation } from "./identity.js";
// The controller's IAM policy as its project publishes it (docs/install/iam_policy.json, v2.14 line);
// kept verbatim in a file so a controller upgrade is a reviewable diff of that file.
import lbControllerPolicy from "./lb-controller-iam-policy.json" with { type: "json" };

export const lbControllerNamespace = "kube-system";
export const lbControllerServiceAccount = "aws-load-balancer-controller";
export const lbControllerChartRepo = "https://aws.github.io/eks-charts";

/** What the controller needs to know about the cluster it serves. */
export interface LbControllerArgs {
  readonly clusterName: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly region: pulumi.Input<string>;
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  readonly chartVersion: string;
  readonly provider: k8s.Provider;
  /** Nodes must exist before the controller's pods (and its webhook) can come up. */
  readonly dependsOn: pulumi.Resource[];
}

/** The policy document, serialised (exported for tests). */
export function lbControllerPolicyDocument(): string {
  return JSON.stringify(lbControllerPolicy);
}

/**
 * The AWS Load Balancer Controller (Helm), with an IRSA role holding the controller's official policy, so
 * an Ingress of class `alb` gets an internet-facing ALB in the public subnets.
 */
export function createLbController(
  name: string,
  args: LbControllerArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  const role = createIrsaRole(
    `${name}-role`,
    {
      oidcProviderArn: args.oidcProviderArn,
      oidcIssuer: args.oidcIssuer,
      namespace: lbControllerNamespace,
      serviceAccountName: lbControllerServiceAccount,
      description: "AWS Load Balancer Controller (IRSA)",
    },
    opts,
  );
  const policy = new aws.iam.Policy(`${name}-policy`, { policy: lbControllerPolicyDocument() }, opts);
  const attachment = new aws.iam.RolePolicyAttachment(
    `${name}-policy`,
    { role: role.name, policyArn: policy.arn },
    opts,
  );

  return new k8s.helm.v3.Release(
    name,
    {
      chart: "aws-load-balancer-controller",
      version: args.chartVersion,
      repositoryOpts: { repo: lbControllerChartRepo },
      namespace: lbControllerNamespace,
      // Roll back a failed install instead of leaving a half-configured webhook behind.
      atomic: true,
      values: {
        clusterName: args.clusterName,
        // Given explicitly: the controller would otherwise ask IMDS, which IMDSv2 hop limits may block.
        region: args.region,
        vpcId: args.vpcId,
        serviceAccount: {
          create: true,
          name: lbControllerServiceAccount,
          annotations: { [irsaRoleAnnotation]: role.arn },
        },
      },
    },
    { ...opts, provider: args.provider, dependsOn: [...args.dependsOn, attachment] },
  );
}
