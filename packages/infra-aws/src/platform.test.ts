import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import type { AwsCloudPlatform } from "./platform.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  awsMocks,
  oidcIssuer,
  oidcProviderArn,
  only,
  privateSubnetIds,
  promiseOf,
  referencesTo,
  type Recorded,
} from "../test/mocks.ts";

// The controller's policy as vendored in the repository, read from disk rather than through the package.
const vendoredLbControllerPolicy: unknown = JSON.parse(
  readFileSync(new URL("./lb-controller-iam-policy.json", import.meta.url), "utf8"),
);
const apiCidrs = ["203.0.113.0/24", "198.51.100.7/32"];

const mocks = awsMocks();
const recorded: readonly Recorded[] = mocks.resources;
const request = { name: "ingestor", namespace: "event-ingestor", serviceAccountName: "event-ingestor" };
let platform: AwsCloudPlatform;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
  // Loaded after setMocks, so every resource registers against the mock monitor.
  const { createPlatform } = await import("./platform.js");
  const { parseAwsConfig } = await import("./config.js");
  platform = createPlatform(
    request,
    parseAwsConfig({
      adminPrincipalArns: ["arn:aws:iam::123456789012:role/ops"],
      previewPrincipalArns: ["arn:aws:iam::123456789012:role/github-preview"],
      apiPublicAccessCidrs: apiCidrs,
    }),
  );
  await promiseOf(platform.outputs.credentialsCommand);
  await pulumi.runtime.disconnect(); // waits until every registration has reached the mocks
});

/** The IRSA trust policy, in full, that only `namespace/serviceAccount` of this cluster may use. */
function irsaTrust(namespace: string, serviceAccount: string): unknown {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${oidcIssuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  };
}

function named(type: string, name: string): Recorded {
  const found = recorded.find((r) => r.type === type && r.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name}`);
  return found;
}

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";

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
      upgradePolicy: { supportType: "STANDARD" },
    });
    // No minor pinned by default: EKS's default at creation.
    expect(cluster.inputs).not.toHaveProperty("version");
    const nodes = only(recorded, "eks:index:ManagedNodeGroup");
    expect(nodes.inputs["subnetIds"]).toEqual(privateSubnetIds);
    expect(nodes.inputs["amiType"]).toBe("AL2023_x86_64_STANDARD");
  });

  it("grants cluster-admin to admin principals and view-only access to preview principals, through access entries", () => {
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
      "view-0": {
        principalArn: "arn:aws:iam::123456789012:role/github-preview",
        accessPolicies: {
          view: {
            policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
            accessScope: { type: "cluster" },
          },
        },
      },
    });
  });

  it("creates an ECR repository with immutable tags, scan on push and a lifecycle policy", async () => {
    const repo = named("aws:ecr/repository:Repository", "ingestor");
    expect(repo.inputs["imageTagMutability"]).toBe("IMMUTABLE");
    expect(repo.inputs["imageScanningConfiguration"]).toEqual({ scanOnPush: true });
    const lifecycle = named("aws:ecr/lifecyclePolicy:LifecyclePolicy", "ingestor");
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

  it("keeps the build cache in a repository of its own with movable tags, replaced manifests expiring after a day", async () => {
    expect(named("aws:ecr/repository:Repository", "ingestor-cache").inputs).toMatchObject({
      imageTagMutability: "MUTABLE",
      forceDelete: true,
    });
    const lifecycle = named("aws:ecr/lifecyclePolicy:LifecyclePolicy", "ingestor-cache");
    expect(JSON.parse(String(lifecycle.inputs["policy"]))).toMatchObject({
      rules: [{ selection: { tagStatus: "untagged", countType: "sinceImagePushed", countNumber: 1 } }],
    });
    expect(await promiseOf(platform.registry.cacheRef)).toBe(
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ingestor-cache:buildcache",
    );
  });

  it("hands out the short-lived ECR token as a secret", async () => {
    expect(await promiseOf(platform.registry.username)).toBe("AWS");
    expect(await promiseOf(platform.registry.password)).toBe("ecr-token-short-lived");
    expect(await pulumi.isSecret(platform.registry.password)).toBe(true);
  });

  it("exposes the public API endpoint only to the configured CIDRs, and keeps the private endpoint on", () => {
    expect(only(recorded, "eks:index:Cluster").inputs).toMatchObject({
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
    });
    expect(only(recorded, "eks:index:Cluster").inputs["publicAccessCidrs"]).toEqual([
      "203.0.113.0/24",
      "198.51.100.7/32",
    ]);
  });

  it("binds the ingestor's IRSA role to exactly its namespace/ServiceAccount and annotates the SA with it", async () => {
    const role = named(ROLE, "ingestor-ingestor");
    expect(JSON.parse(String(role.inputs["assumeRolePolicy"]))).toEqual(
      irsaTrust("event-ingestor", "event-ingestor"),
    );
    const annotation = platform.serviceAccountAnnotations["eks.amazonaws.com/role-arn"];
    expect(await promiseOf(pulumi.output(annotation))).toBe(
      "arn:aws:iam::123456789012:role/ingestor-ingestor",
    );
  });

  it("gives the ingestor role no permissions: no inline or managed policy on the role, nothing granted to it", () => {
    const role = named(ROLE, "ingestor-ingestor");
    // Only the trust policy and a description: no inlinePolicies, managedPolicyArns or permissionsBoundary.
    expect(Object.keys(role.inputs).sort()).toEqual(["assumeRolePolicy", "description"]);
    // Whatever the resource type (RolePolicyAttachment, RolePolicy, PolicyAttachment, the *Exclusive
    // resources, an instance profile, a pod identity association...), a grant names the role.
    const needles = [
      "ingestor-ingestor",
      "ingestor-ingestor-id",
      "arn:aws:iam::123456789012:role/ingestor-ingestor",
    ];
    expect(referencesTo(recorded, needles, role)).toEqual([]);
    // And the platform's complete list of IAM grants: the node role's three policies, the controller's own and
    // the autoscaler's inline policy.
    expect(recorded.filter((r) => r.type === ATTACHMENT).map((r) => r.inputs)).toEqual([
      { role: "ingestor-node", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" },
      { role: "ingestor-node", policyArn: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy" },
      { role: "ingestor-node", policyArn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly" },
      { role: "ingestor-lbc-role", policyArn: "arn:aws:iam::123456789012:policy/ingestor-lbc-policy" },
    ]);
    const otherGrants = recorded.filter(
      (r) => r.type.startsWith("aws:iam/") && ![ROLE, ATTACHMENT, "aws:iam/policy:Policy"].includes(r.type),
    );
    expect(otherGrants.map((r) => [r.type, r.inputs["role"]])).toEqual([
      ["aws:iam/rolePolicy:RolePolicy", "ingestor-autoscaler-role"],
    ]);
  });

  it("installs the AWS Load Balancer Controller with its own IRSA role and the official policy", () => {
    const release = named("kubernetes:helm.sh/v3:Release", "ingestor-lbc");
    expect(release.inputs).toMatchObject({
      chart: "aws-load-balancer-controller",
      version: "1.14.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
      atomic: true,
    });
    expect(release.inputs["values"]).toEqual({
      clusterName: "ingestor-eksCluster-0example",
      region: "eu-west-1",
      vpcId: "vpc-0example",
      serviceAccount: {
        create: true,
        name: "aws-load-balancer-controller",
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ingestor-lbc-role" },
      },
    });
    const lbcRole = named(ROLE, "ingestor-lbc-role");
    expect(JSON.parse(String(lbcRole.inputs["assumeRolePolicy"]))).toEqual(
      irsaTrust("kube-system", "aws-load-balancer-controller"),
    );
    const policy = only(recorded, "aws:iam/policy:Policy");
    expect(policy.name).toBe("ingestor-lbc-policy");
    expect(JSON.parse(String(policy.inputs["policy"]))).toEqual(vendoredLbControllerPolicy);
    expect(named(ATTACHMENT, "ingestor-lbc-policy").inputs).toEqual({
      role: "ingestor-lbc-role",
      policyArn: "arn:aws:iam::123456789012:policy/ingestor-lbc-policy",
    });
  });

  it("returns the ALB flavour, the node group and controller as dependencies, and the outputs", async () => {
    expect(platform.ingressFlavour).toBe("alb");
    // Node group, LB controller, autoscaler and the two managed add-ons; no certificate without TLS.
    expect(platform.dependsOn).toHaveLength(5);
    expect(platform.ingress).toMatchObject({
      annotations: {},
      tls: undefined,
      namespaceLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
      address: undefined,
      afterApp: undefined,
    });
    expect(await promiseOf(platform.outputs.clusterName)).toBe("ingestor-eksCluster-0example");
    expect(await pulumi.isSecret(platform.outputs.kubeconfig)).toBe(true);
    expect(await promiseOf(platform.outputs.credentialsCommand)).toBe(
      "aws eks update-kubeconfig --region eu-west-1 --name ingestor-eksCluster-0example",
    );
  });
});

describe("EKS nodes and add-ons (mocked)", () => {
  it("keep pods away from the node role: IMDSv2 only with a hop limit of 1, in the node group's launch template", () => {
    const template = only(recorded, "aws:ec2/launchTemplate:LaunchTemplate").inputs;
    expect(template["metadataOptions"]).toEqual({
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    });
    expect(template["blockDeviceMappings"]).toEqual([
      {
        deviceName: "/dev/xvda",
        ebs: { volumeSize: 20, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
      },
    ]);
    const nodes = only(recorded, "eks:index:ManagedNodeGroup").inputs;
    expect(nodes["launchTemplate"]).toMatchObject({ id: "ingestor-nodes-id" });
    // EKS refuses these next to a launch template; pulumi-eks's own IMDSv2 template uses hop limit 2.
    expect(nodes).not.toHaveProperty("diskSize");
    expect(nodes).not.toHaveProperty("enableIMDSv2");
  });

  it("run CoreDNS, metrics-server and the VPC CNI (network policy on) as EKS managed add-ons", () => {
    const addons = recorded.filter((r) => r.type === "aws:eks/addon:Addon").map((r) => r.inputs);
    expect(addons).toEqual([
      expect.objectContaining({ addonName: "coredns", resolveConflictsOnCreate: "OVERWRITE" }),
      expect.objectContaining({ addonName: "metrics-server", resolveConflictsOnCreate: "OVERWRITE" }),
    ]);
    // pulumi-eks creates the VPC CNI add-on itself; the network policy agent is on, so NetworkPolicy is enforced.
    expect(only(recorded, "eks:index:Cluster").inputs).toMatchObject({
      useDefaultVpcCni: false,
      vpcCniOptions: { enableNetworkPolicy: true },
    });
    expect(only(recorded, "eks:index:Cluster").inputs["corednsAddonOptions"]).toMatchObject({
      enabled: false,
    });
  });
});

describe("node autoscaling (mocked)", () => {
  it("installs the Cluster Autoscaler for this cluster, its image on the cluster's Kubernetes minor", () => {
    const release = named("kubernetes:helm.sh/v3:Release", "ingestor-autoscaler").inputs;
    expect(release).toMatchObject({
      chart: "cluster-autoscaler",
      version: "9.59.0",
      namespace: "kube-system",
      repositoryOpts: { repo: "https://kubernetes.github.io/autoscaler" },
      values: {
        cloudProvider: "aws",
        awsRegion: "eu-west-1",
        autoDiscovery: { clusterName: "ingestor-eksCluster-0example" },
        image: { tag: "v1.35.0" },
        rbac: {
          serviceAccount: {
            create: true,
            name: "cluster-autoscaler",
            annotations: {
              "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ingestor-autoscaler-role",
            },
          },
        },
      },
    });
  });

  it("lets the autoscaler resize only the Auto Scaling groups EKS tagged as this cluster's", () => {
    expect(JSON.parse(String(named(ROLE, "ingestor-autoscaler-role").inputs["assumeRolePolicy"]))).toEqual(
      irsaTrust("kube-system", "cluster-autoscaler"),
    );
    const policy = JSON.parse(
      String(named("aws:iam/rolePolicy:RolePolicy", "ingestor-autoscaler-policy").inputs["policy"]),
    ) as { Statement: { Action: string[]; Condition?: unknown }[] };
    const writes = policy.Statement.find((s) => s.Action.includes("autoscaling:SetDesiredCapacity"));
    expect(writes?.Condition).toEqual({
      StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/ingestor-eksCluster-0example": "owned" },
    });
  });
});
