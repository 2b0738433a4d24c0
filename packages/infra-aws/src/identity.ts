import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export { irsaRoleAnnotation } from "./wiring.js";

/**
 * The trust policy of an IRSA role: only tokens the cluster's OIDC issuer minted for exactly this
 * namespace/ServiceAccount, with the STS audience, may assume it.
 *
 * @param oidcProviderArn ARN of the cluster's IAM OIDC provider.
 * @param oidcIssuer the issuer URL without `https://`, as IAM condition keys spell it.
 */
export function irsaTrustPolicy(
  oidcProviderArn: string,
  oidcIssuer: string,
  namespace: string,
  serviceAccountName: string,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccountName}`,
            [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
}

/** Where a ServiceAccount lives, and the cluster OIDC provider that vouches for it. */
export interface IrsaRoleArgs {
  readonly oidcProviderArn: pulumi.Input<string>;
  /** Issuer URL without `https://`. */
  readonly oidcIssuer: pulumi.Input<string>;
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly description: string;
}

/** An IAM role that exactly one ServiceAccount can assume; attach permissions separately, if any. */
export function createIrsaRole(
  name: string,
  args: IrsaRoleArgs,
  opts: pulumi.CustomResourceOptions,
): aws.iam.Role {
  return new aws.iam.Role(
    name,
    {
      description: args.description,
      assumeRolePolicy: pulumi
        .all([args.oidcProviderArn, args.oidcIssuer])
        .apply(([arn, issuer]) => irsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccountName)),
    },
    opts,
  );
}
