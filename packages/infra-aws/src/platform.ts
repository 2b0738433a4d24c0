import * as aws from "@pulumi/aws";
import type {
  CloudPlatform,
  KafkaRequest,
  ManagedKafka,
  ManagedMetrics,
  MetricsRequest,
  PlatformRequest,
} from "@event-ingestor/platform";
import * as pulumi from "@pulumi/pulumi";
import { createCluster } from "./cluster.js";
import type { AwsConfig } from "./config.js";
import { createIrsaRole, irsaRoleAnnotation } from "./identity.js";
import { createClusterAutoscaler } from "./autoscaler.js";
import { createLbController } from "./lb-controller.js";
import { AmpMetrics } from "./metrics.js";
import { MskServerless } from "./msk.js";
import { createNetwork } from "./network.js";
import { createRegistry } from "./registry.js";
import { createAwsIngress } from "./tls.js";

/** What the entry program asks of AWS (the shared contract). */
export type AwsPlatformRequest = PlatformRequest;

/** Everything the entry program needs from AWS. */
export type AwsCloudPlatform = CloudPlatform<"alb">;

/** VPC + EKS + ECR + AWS Load Balancer Controller + the ingestor's IRSA role, as one component. */
export class AwsPlatform extends pulumi.ComponentResource {
  readonly platform: AwsCloudPlatform;
  /** The IAM role the ingestor's ServiceAccount assumes. */
  readonly ingestorRole: aws.iam.Role;

  constructor(request: AwsPlatformRequest, config: AwsConfig, opts?: pulumi.ComponentResourceOptions) {
    super("event-ingestor:aws:Platform", request.name, {}, opts);
    const name = request.name;
    const child = { parent: this };

    const vpc = createNetwork(name, config, child);
    const eks = createCluster(name, vpc, config, child);
    const registry = createRegistry(name, config, child);
    const region = aws.getRegionOutput({}, child).region;
    const ingress = createAwsIngress(name, request.ingress, config, child);

    // The ingestor calls no AWS API but MSK's: its role carries no permission unless managed Kafka is created
    // (createManagedKafka grants exactly the producer's actions on this cluster and these topics).
    this.ingestorRole = createIrsaRole(
      `${name}-ingestor`,
      {
        oidcProviderArn: eks.cluster.oidcProviderArn,
        oidcIssuer: eks.cluster.oidcIssuer,
        namespace: request.namespace,
        serviceAccountName: request.serviceAccountName,
        description: "event-ingestor pods (IRSA); only MSK grants, with managed Kafka",
      },
      child,
    );

    const lbController = createLbController(
      `${name}-lbc`,
      {
        clusterName: eks.clusterName,
        vpcId: vpc.vpcId,
        region,
        oidcProviderArn: eks.cluster.oidcProviderArn,
        oidcIssuer: eks.cluster.oidcIssuer,
        chartVersion: config.lbControllerChartVersion,
        provider: eks.provider,
        dependsOn: [eks.nodeGroup],
      },
      child,
    );

    // Node autoscaling: the HPA adds replicas, the Cluster Autoscaler adds nodes for them (docs/deploy.md).
    const autoscaler = createClusterAutoscaler(
      `${name}-autoscaler`,
      {
        clusterName: eks.clusterName,
        kubernetesVersion: eks.cluster.eksCluster.version,
        region,
        oidcProviderArn: eks.cluster.oidcProviderArn,
        oidcIssuer: eks.cluster.oidcIssuer,
        chartVersion: config.clusterAutoscalerChartVersion,
        provider: eks.provider,
        dependsOn: [eks.nodeGroup],
      },
      child,
    );

    // EKS's cluster security group: managed node groups without groups of their own (the launch template sets
    // none) get it, and the VPC CNI gives pods their node's groups.
    const nodeSecurityGroupId = eks.cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
    const createManagedKafka = (kafkaRequest: KafkaRequest): ManagedKafka =>
      new MskServerless(
        `${name}-kafka`,
        kafkaRequest,
        {
          vpcId: vpc.vpcId,
          privateSubnetIds: vpc.privateSubnetIds,
          nodeSecurityGroupId,
          ingestorRole: this.ingestorRole,
          oidcProviderArn: eks.cluster.oidcProviderArn,
          oidcIssuer: eks.cluster.oidcIssuer,
          namespace: request.namespace,
          region,
        },
        child,
      ).kafka;
    const createManagedMetrics = (metricsRequest: MetricsRequest): ManagedMetrics =>
      new AmpMetrics(
        `${name}-metrics`,
        metricsRequest,
        {
          clusterArn: eks.cluster.eksCluster.arn,
          privateSubnetIds: vpc.privateSubnetIds,
          nodeSecurityGroupId,
          namespace: request.namespace,
        },
        child,
      ).metrics;

    this.platform = {
      provider: eks.provider,
      registry: {
        repositoryUrl: registry.repositoryUrl,
        server: registry.server,
        username: registry.username,
        password: registry.password,
        cacheRef: registry.cacheRef,
      },
      ingressFlavour: "alb",
      ingress: ingress.ingress,
      serviceAccountAnnotations: { [irsaRoleAnnotation]: this.ingestorRole.arn },
      podLabels: {},
      createManagedKafka,
      createManagedMetrics,
      // The ALB ingress needs the controller (and its webhook) running and, with TLS, an issued certificate;
      // pods need nodes, cluster DNS, and metrics-server for the HPA.
      dependsOn: [eks.nodeGroup, lbController, autoscaler, ...eks.addons, ...ingress.dependsOn],
      outputs: {
        clusterName: eks.clusterName,
        kubeconfig: pulumi.secret(eks.cluster.kubeconfigJson),
        credentialsCommand: pulumi.interpolate`aws eks update-kubeconfig --region ${region} --name ${eks.clusterName}`,
      },
    };
    this.registerOutputs({
      repositoryUrl: registry.repositoryUrl,
      clusterName: eks.clusterName,
      ingestorRoleArn: this.ingestorRole.arn,
    });
  }
}

/** Creates the AWS platform for the ingestor; the result satisfies the entry program's `CloudPlatform`. */
export function createPlatform(request: AwsPlatformRequest, config: AwsConfig): AwsCloudPlatform {
  return new AwsPlatform(request, config).platform;
}
