import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ManagedKafka, ManagedMetrics } from "@event-ingestor/platform";
import {
  awsMocks,
  oidcIssuer,
  oidcProviderArn,
  privateSubnetIds,
  promiseOf,
  referencesTo,
} from "../test/mocks.ts";
import { renderPlaceholders } from "./render.js";
import { AWS_FAKE, mskBootstrap, mskClusterArn } from "./testing.js";

const mocks = awsMocks();
const request = { name: "ingestor", namespace: "ingest", serviceAccountName: "event-ingestor" };
const CLUSTER = "aws:msk/serverlessCluster:ServerlessCluster";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const clusterArn = mskClusterArn("ingestor-kafka");
const topicArn = (topic: string): string =>
  `arn:aws:kafka:eu-west-1:123456789012:topic/ingestor-kafka/${AWS_FAKE.mskClusterUuid}/${topic}`;

let kafka: ManagedKafka;
let metrics: ManagedMetrics;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
  const { createPlatform, parseAwsConfig } = await import("./index.js");
  const platform = createPlatform(request, parseAwsConfig({}));
  kafka = platform.createManagedKafka({
    topics: [
      { name: "events", partitions: 6 },
      { name: "events.dlq", partitions: 6 },
    ],
    topicsServiceAccountName: "event-ingestor-topics",
  });
  metrics = platform.createManagedMetrics({
    podLabels: { "app.kubernetes.io/name": "event-ingestor", "app.kubernetes.io/instance": "event-ingestor" },
    port: 8080,
    path: "/metrics",
  });
  await promiseOf(pulumi.output(kafka.bootstrapServers));
  await pulumi.runtime.disconnect();
});

const policyOf = (name: string): unknown =>
  JSON.parse(String(mocks.named(ROLE_POLICY, name).inputs["policy"]));

describe("managed Kafka on AWS (mocked)", () => {
  it("creates MSK Serverless with IAM authentication only, in the cluster's private subnets, behind its own security group", () => {
    expect(mocks.ofType(CLUSTER)).toHaveLength(1);
    // No clusterName: Pulumi auto-names the cluster from the resource name (a replacement gets a new name).
    expect(mocks.named(CLUSTER, "ingestor-kafka").inputs).toEqual({
      clientAuthentication: { sasl: { iam: { enabled: true } } },
      vpcConfigs: [{ subnetIds: privateSubnetIds, securityGroupIds: ["ingestor-kafka-id"] }],
      tags: { Name: "ingestor-kafka" },
    });
  });

  it("admits 9098 (SASL/IAM over TLS) from the nodes' and pods' security group only, and nothing else", () => {
    const group = mocks.named("aws:ec2/securityGroup:SecurityGroup", "ingestor-kafka").inputs;
    expect(group["vpcId"]).toBe(AWS_FAKE.vpcId);
    expect(group).not.toHaveProperty("ingress");
    expect(group).not.toHaveProperty("egress");
    const rules = mocks.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => r.inputs)).toEqual([
      {
        securityGroupId: "ingestor-kafka-id",
        referencedSecurityGroupId: AWS_FAKE.clusterSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: 9098,
        toPort: 9098,
        description: "Kafka clients (SASL/IAM over TLS) from the EKS nodes and pods",
      },
    ]);
    expect(mocks.ofType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule")).toEqual([]);
    expect(mocks.ofType("aws:ec2/securityGroupRule:SecurityGroupRule")).toEqual([]);
  });

  it("grants the ingestor's IRSA role exactly the producer's actions on this cluster and these two topics", () => {
    expect(mocks.named(ROLE_POLICY, "ingestor-kafka-ingestor").inputs["role"]).toBe("ingestor-ingestor");
    expect(policyOf("ingestor-kafka-ingestor")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Cluster",
          Effect: "Allow",
          Action: [
            "kafka-cluster:Connect",
            "kafka-cluster:DescribeCluster",
            "kafka-cluster:WriteDataIdempotently",
          ],
          Resource: clusterArn,
        },
        {
          Sid: "Topics",
          Effect: "Allow",
          Action: ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"],
          Resource: [topicArn("events"), topicArn("events.dlq")],
        },
      ],
    });
    // That policy is the ingestor role's only grant, whatever resource type could carry another.
    const role = mocks.named(ROLE, "ingestor-ingestor");
    const grants = referencesTo(mocks.resources, ["ingestor-ingestor", role.name + "-id"], role);
    expect(grants).toEqual([`${ROLE_POLICY} ingestor-kafka-ingestor $.role`]);
  });

  it("gives the topics Job a role of its own, bound to its ServiceAccount, that may create exactly these topics", () => {
    const role = mocks.named(ROLE, "ingestor-kafka-topics").inputs;
    expect(JSON.parse(String(role["assumeRolePolicy"]))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: oidcProviderArn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${oidcIssuer}:sub`]: "system:serviceaccount:ingest:event-ingestor-topics",
              [`${oidcIssuer}:aud`]: "sts.amazonaws.com",
            },
          },
        },
      ],
    });
    expect(mocks.named(ROLE_POLICY, "ingestor-kafka-topics").inputs["role"]).toBe("ingestor-kafka-topics");
    expect(policyOf("ingestor-kafka-topics")).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Cluster",
          Effect: "Allow",
          Action: ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"],
          Resource: clusterArn,
        },
        {
          Sid: "Topics",
          Effect: "Allow",
          Action: ["kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic"],
          Resource: [topicArn("events"), topicArn("events.dlq")],
        },
      ],
    });
  });

  it("hands the app the IAM bootstrap brokers, aws-msk-iam, ports 9098 and STS's 443, the region and the topics Job's identity, and no secret", async () => {
    expect(await promiseOf(pulumi.output(kafka.bootstrapServers))).toBe(mskBootstrap("ingestor-kafka"));
    expect(kafka.saslMechanism).toBe("aws-msk-iam");
    // 443: the pods fetch their IRSA credentials from STS before they can sign a token.
    expect(kafka.ports).toEqual([9098, 443]);
    expect(await promiseOf(pulumi.output(kafka.env))).toEqual({ AWS_REGION: "eu-west-1" });
    const annotations = await promiseOf(pulumi.output(kafka.topicsJob?.serviceAccountAnnotations));
    expect(annotations).toEqual({
      "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/ingestor-kafka-topics",
    });
    expect(await pulumi.isSecret(pulumi.output(kafka.bootstrapServers))).toBe(false);
  });

  it("makes the app wait for the cluster, its network access and both roles' grants", async () => {
    const urns = await Promise.all(kafka.dependsOn.map((r) => promiseOf(r.urn)));
    // The mock monitor spells a URN's type with the immediate parent's type only.
    expect(urns.map((urn) => urn.split("::").slice(-2).join("::"))).toEqual([
      "event-ingestor:aws:ManagedKafka$aws:msk/serverlessCluster:ServerlessCluster::ingestor-kafka",
      "event-ingestor:aws:ManagedKafka$aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule::ingestor-kafka-from-nodes",
      "event-ingestor:aws:ManagedKafka$aws:iam/rolePolicy:RolePolicy::ingestor-kafka-ingestor",
      "event-ingestor:aws:ManagedKafka$aws:iam/rolePolicy:RolePolicy::ingestor-kafka-topics",
    ]);
  });
});

describe("render's placeholders", () => {
  it("show managed Kafka as the platform wires it: mechanism, ports, settings, the topics Job's identity", async () => {
    const { kafka: shown } = renderPlaceholders;
    expect(shown.saslMechanism).toBe(kafka.saslMechanism);
    expect(shown.ports).toEqual(kafka.ports);
    expect(Object.keys(shown.env)).toEqual(Object.keys(await promiseOf(pulumi.output(kafka.env))));
    expect(Object.keys(shown.topicsJob?.serviceAccountAnnotations ?? {})).toEqual(
      Object.keys(kafka.topicsJob?.serviceAccountAnnotations ?? {}),
    );
    expect(renderPlaceholders.metricsScrape).toBe(metrics.scrape);
  });
});

describe("managed Prometheus on AWS (mocked)", () => {
  it("creates an AMP workspace and a managed collector in the cluster's private subnets, writing to it", () => {
    expect(mocks.named("aws:amp/workspace:Workspace", "ingestor-metrics").inputs).toMatchObject({
      alias: "ingestor-metrics",
    });
    const scraper = mocks.named("aws:amp/scraper:Scraper", "ingestor-metrics").inputs;
    expect(scraper["source"]).toEqual({
      eks: {
        clusterArn: "arn:aws:eks:eu-west-1:123456789012:cluster/ingestor-eksCluster-0example",
        subnetIds: privateSubnetIds,
        securityGroupIds: [AWS_FAKE.clusterSecurityGroupId],
      },
    });
    expect(scraper["destination"]).toEqual({
      amp: { workspaceArn: "arn:aws:aps:eu-west-1:123456789012:workspace/ws-ingestor-metrics" },
    });
  });

  it("scrapes only the app's pods in its namespace, on the metrics port and path", () => {
    const scraper = mocks.named("aws:amp/scraper:Scraper", "ingestor-metrics").inputs;
    expect(JSON.parse(String(scraper["scrapeConfiguration"]))).toEqual({
      global: { scrape_interval: "30s" },
      scrape_configs: [
        {
          job_name: "event-ingestor",
          metrics_path: "/metrics",
          kubernetes_sd_configs: [{ role: "pod", namespaces: { names: ["ingest"] } }],
          relabel_configs: [
            {
              action: "keep",
              source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
              regex: "event-ingestor",
            },
            {
              action: "keep",
              source_labels: ["__meta_kubernetes_pod_label_app_kubernetes_io_instance"],
              regex: "event-ingestor",
            },
            { action: "keep", source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: "8080" },
            { action: "replace", source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
            { action: "replace", source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
          ],
        },
      ],
    });
  });

  it("leaves the collector's Kubernetes access to its access entry: no RBAC objects of its own", () => {
    expect(mocks.resources.filter((r) => r.type.startsWith("kubernetes:rbac.authorization.k8s.io/"))).toEqual(
      [],
    );
    expect(mocks.ofType("aws:eks/accessEntry:AccessEntry")).toEqual([]);
  });

  it("needs no scrape object in the app's namespace and tells where to query", async () => {
    expect(metrics.scrape).toBeUndefined();
    expect(metrics.dependsOn).toEqual([]);
    expect(await promiseOf(metrics.queryEndpoint)).toBe(
      "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-ingestor-metrics/api/v1/query",
    );
  });
});
