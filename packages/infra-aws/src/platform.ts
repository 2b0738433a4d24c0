import * as aws from "@pulumi/aws";
import type { CloudPlatform, PlatformRequest } from "@event-ingestor/platform";
import * as pulumi from "@pulumi/pulumi";
import { createCluster } from "./cluster.js";
import type { AwsConfig } from "./config.js";
import { createIrsaRole, irsaRoleAnnotation } from "./identity.js";
import { createClusterAutoscaler } from "./autoscaler.js";
import { createLbController } from "./lb-controller.js";
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

    // The ingestor talks only to Kafka (SASL/SCRAM or PLAIN over TLS): it needs no AWS permission, so its
    // role carries none. MSK IAM auth is not used because kafkajs does not implement it; attach a policy
    // here only when the service starts calling an AWS API.
    this.ingestorRole = createIrsaRole(
      `${name}-ingestor`,
      {
        oidcProviderArn: eks.cluster.oidcProviderArn,
        oidcIssuer: eks.cluster.oidcIssuer,
        namespace: request.namespace,
        serviceAccountName: request.serviceAccountName,
        description: "event-ingestor pods (IRSA); intentionally without permissions",
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
