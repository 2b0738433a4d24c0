import * as pulumi from "@pulumi/pulumi";
import type { AwsCloudPlatform } from "./platform.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  oidcIssuer,
  oidcProviderArn,
  only,
  privateSubnetIds,
  promiseOf,
  recordingMocks,
  type Recorded,
} from "../test/mocks.ts";

const recorded: Recorded[] = [];
const request = { name: "ingestor", namespace: "event-ingestor", serviceAccountName: "event-ingestor" };
let platform: AwsCloudPlatform;

beforeAll(async () => {
  await pulumi.runtime.setMocks(recordingMocks(recorded), "event-ingestor", "aws", false);
  // Loaded after setMocks, so every resource registers against the mock monitor.
  const { createPlatform } = await import("./platform.js");
  const { parseAwsConfig } = await import("./config.js");
  platform = createPlatform(
    request,
    parseAwsConfig({ adminPrincipalArns: ["arn:aws:iam::123456789012:role/ops"] }),
  );
  await promiseOf(platform.outputs.credentialsCommand);
  await pulumi.runtime.disconnect(); // waits until every registration has reached the mocks
});

function trustStatement(role: Recorded): { Principal: unknown; Condition: unknown; Action: unknown } {
  const policy = JSON.parse(String(role.inputs["assumeRolePolicy"])) as {
    Statement: { Principal: unknown; Condition: unknown; Action: unknown }[];
  };
  const [statement] = policy.Statement;
  if (statement === undefined) throw new Error("trust policy has no statement");
  return statement;
}

describe("AWS platform (mocked)", () => {
  it("spreads public LB subnets and private subnets, tagged for the load balancer controller, over 3 AZs", () => {
    const vpc = only(recorded, "awsx:ec2:Vpc");
    expect(vpc.inputs["numberOfAvailabilityZones"]).toBe(3);
    expect(vpc.inputs["subnetSpecs"]).toEqual([
      expect.objectContaining({ type: "Public", tags: { "kubernetes.io/role/elb": "1" } }),
      expect.objectContaining({ type: "Private", tags: { "kubernetes.io/role/internal-elb": "1" } }),
    ]);
    expect(vpc.inputs["natGateways"]).toEqual({ strategy: "Single" });
  });

  it("keeps nodes private: managed node group in the private subnets, no public IPs, no default node group", () => {
    const cluster = only(recorded, "eks:index:Cluster");
    expect(cluster.inputs).toMatchObject({
      skipDefaultNodeGroup: true,
      nodeAssociatePublicIpAddress: false,
      privateSubnetIds,
      authenticationMode: "API",
      createOidcProvider: true,
      version: "1.35",
    });
    const nodes = only(recorded, "eks:index:ManagedNodeGroup");
    expect(nodes.inputs["subnetIds"]).toEqual(privateSubnetIds);
    expect(nodes.inputs["amiType"]).toBe("AL2023_x86_64_STANDARD");
  });

  it("grants cluster-admin to configured principals through access entries, not aws-auth", () => {
    const cluster = only(recorded, "eks:index:Cluster");
    expect(cluster.inputs["accessEntries"]).toEqual({
      "admin-0": {
        principalArn: "arn:aws:iam::123456789012:role/ops",
        accessPolicies: {
          admin: {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
            accessScope: { type: "cluster" },
          },
        },
      },
    });
  });

  it("creates an ECR repository with immutable tags, scan on push and a lifecycle policy", async () => {
    const repo = only(recorded, "aws:ecr/repository:Repository");
    expect(repo.inputs["imageTagMutability"]).toBe("IMMUTABLE");
    expect(repo.inputs["imageScanningConfiguration"]).toEqual({ scanOnPush: true });
    const lifecycle = only(recorded, "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    const rules = (JSON.parse(String(lifecycle.inputs["policy"])) as { rules: { selection: unknown }[] })
      .rules;
    expect(rules.map((r) => r.selection)).toEqual([
      { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
      { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 30 },
    ]);
    expect(await promiseOf(platform.registry.repositoryUrl)).toBe(
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ingestor",
    );
    expect(await promiseOf(platform.registry.server)).toBe("123456789012.dkr.ecr.eu-west-1.amazonaws.com");
  });

  it("hands out the short-lived ECR token as a secret", async () => {
    expect(await promiseOf(platform.registry.username)).toBe("AWS");
    expect(await promiseOf(platform.registry.password)).toBe("ecr-token-short-lived");
    expect(await pulumi.isSecret(platform.registry.password)).toBe(true);
  });

  it("binds the ingestor's IRSA role to exactly its namespace/ServiceAccount and annotates the SA with it", async () => {
    const role = recorded.find((r) => r.type === "aws:iam/role:Role" && r.name === "ingestor-ingestor");
    if (role === undefined) throw new Error("no ingestor role");
    expect(trustStatement(role)).toEqual({
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          [`${oidcIssuer}:sub`]: "system:serviceaccount:event-ingestor:event-ingestor",
          [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
        },
      },
    });
    const annotation = platform.serviceAccountAnnotations["eks.amazonaws.com/role-arn"];
    expect(await promiseOf(pulumi.output(annotation))).toBe(
      "arn:aws:iam::123456789012:role/ingestor-ingestor",
    );
  });

  it("gives the ingestor role no permissions: nothing is attached to it", () => {
    const attached = recorded.filter(
      (r) =>
        r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" &&
        r.inputs["role"] === "ingestor-ingestor",
    );
    expect(attached).toEqual([]);
    expect(recorded.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy")).toEqual([]);
  });

  it("installs the AWS Load Balancer Controller with its own IRSA role and the official policy", () => {
    const release = only(recorded, "kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({
      chart: "aws-load-balancer-controller",
      version: "1.14.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
    });
    expect(release.inputs["values"]).toMatchObject({
      clusterName: "ingestor-eksCluster-0example",
      region: "eu-west-1",
      vpcId: "vpc-0example",
      serviceAccount: {
        name: "aws-load-balancer-controller",
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ingestor-lbc-role" },
      },
    });
    const lbcRole = recorded.find((r) => r.name === "ingestor-lbc-role");
    if (lbcRole === undefined) throw new Error("no controller role");
    expect(JSON.stringify(trustStatement(lbcRole).Condition)).toContain(
      "system:serviceaccount:kube-system:aws-load-balancer-controller",
    );
    const policy = only(recorded, "aws:iam/policy:Policy");
    expect(String(policy.inputs["policy"])).toContain("elasticloadbalancing:CreateLoadBalancer");
  });

  it("returns the ALB flavour, the node group and controller as dependencies, and the outputs", async () => {
    expect(platform.ingressFlavour).toBe("alb");
    expect(platform.dependsOn).toHaveLength(2);
    expect(await promiseOf(platform.outputs.clusterName)).toBe("ingestor-eksCluster-0example");
    expect(await pulumi.isSecret(platform.outputs.kubeconfig)).toBe(true);
    expect(await promiseOf(platform.outputs.credentialsCommand)).toBe(
      "aws eks update-kubeconfig --region eu-west-1 --name ingestor-eksCluster-0example",
    );
  });
});
