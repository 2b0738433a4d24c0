// Fakes of what the AWS providers compute, for Pulumi mocks: this package's tests and the stack's program tests
// use the same ones (`@event-ingestor/infra-aws/testing`). Remote components (awsx Vpc, eks Cluster) are single
// resources under mocks, so their outputs are given here the way the real providers return them.
import type { Props, ProviderFakes } from "@event-ingestor/platform/testing";

export const AWS_FAKE = {
  account: "123456789012",
  region: "eu-west-1",
  vpcId: "vpc-0example",
  privateSubnetIds: ["subnet-private-a", "subnet-private-b", "subnet-private-c"],
  publicSubnetIds: ["subnet-public-a", "subnet-public-b", "subnet-public-c"],
  /** EKS's cluster security group: the nodes' and the pods'. */
  clusterSecurityGroupId: "sg-0eksclusterexample",
  oidcIssuer: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
  ecrPassword: "ecr-token-short-lived",
  mskClusterUuid: "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-s1",
} as const;

const { account, region } = AWS_FAKE;
export const oidcProviderArn = `arn:aws:iam::${account}:oidc-provider/${AWS_FAKE.oidcIssuer}`;

/** The IAM bootstrap address MSK Serverless reports for a cluster. */
export const mskBootstrap = (clusterName: string): string =>
  `boot-${clusterName}.c1.kafka-serverless.${region}.amazonaws.com:9098`;
/** The ARN MSK gives a cluster of that name. */
export const mskClusterArn = (clusterName: string): string =>
  `arn:aws:kafka:${region}:${account}:cluster/${clusterName}/${AWS_FAKE.mskClusterUuid}`;
/** The name EKS reports for the pulumi-eks cluster `name`. */
export const eksClusterName = (name: string): string => `${name}-eksCluster-0example`;

export function awsProviderFakes(): ProviderFakes {
  return {
    resources: {
      "awsx:ec2:Vpc": () => ({
        vpcId: AWS_FAKE.vpcId,
        privateSubnetIds: [...AWS_FAKE.privateSubnetIds],
        publicSubnetIds: [...AWS_FAKE.publicSubnetIds],
      }),
      "eks:index:Cluster": ({ name }) => ({
        kubeconfigJson: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [] }),
        oidcProviderArn,
        oidcIssuer: AWS_FAKE.oidcIssuer,
        eksCluster: {
          name: eksClusterName(name),
          arn: `arn:aws:eks:${region}:${account}:cluster/${eksClusterName(name)}`,
          version: "1.35",
          vpcConfig: { clusterSecurityGroupId: AWS_FAKE.clusterSecurityGroupId },
        },
      }),
      "aws:ecr/repository:Repository": ({ name }) => ({
        name,
        registryId: account,
        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
      }),
      "aws:iam/role:Role": ({ name }) => ({ name, arn: `arn:aws:iam::${account}:role/${name}` }),
      "aws:iam/policy:Policy": ({ name }) => ({ name, arn: `arn:aws:iam::${account}:policy/${name}` }),
      "aws:msk/serverlessCluster:ServerlessCluster": ({ name }) => ({
        clusterName: name,
        clusterUuid: AWS_FAKE.mskClusterUuid,
        arn: mskClusterArn(name),
        bootstrapBrokersSaslIam: mskBootstrap(name),
      }),
      "aws:amp/workspace:Workspace": ({ name }) => ({
        arn: `arn:aws:aps:${region}:${account}:workspace/ws-${name}`,
        prometheusEndpoint: `https://aps-workspaces.${region}.amazonaws.com/workspaces/ws-${name}/`,
      }),
      "aws:amp/scraper:Scraper": ({ name }) => ({
        arn: `arn:aws:aps:${region}:${account}:scraper/s-${name}`,
        roleArn: `arn:aws:iam::${account}:role/aws-service-role/scraper.aps.amazonaws.com/AWSServiceRoleForAmazonPrometheusScraper_${name}`,
      }),
    },
    invokes: {
      "aws:index/getRegion:getRegion": (): Props => ({
        id: region,
        name: region,
        region,
        description: "Europe (Ireland)",
        endpoint: "",
      }),
      "aws:ecr/getAuthorizationToken:getAuthorizationToken": (): Props => ({
        id: region,
        region,
        userName: "AWS",
        password: AWS_FAKE.ecrPassword,
        authorizationToken: "QVdTOmVjci10b2tlbg==",
        proxyEndpoint: `https://${account}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
      }),
    },
  };
}
