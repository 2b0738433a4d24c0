// Managed Kafka on AWS: MSK Serverless with IAM authentication in the cluster's private subnets. The pods sign in
// with their IRSA role (SASL OAUTHBEARER with an IAM-signed token), so there is no Kafka password anywhere.
import * as aws from "@pulumi/aws";
import type { KafkaRequest, ManagedKafka } from "@event-ingestor/platform";
import * as pulumi from "@pulumi/pulumi";
import { createIrsaRole, irsaRoleAnnotation } from "./identity.js";
import {
  ingestorKafkaPolicy,
  MSK_CLIENT_PORTS,
  MSK_IAM_PORT,
  MSK_MECHANISM,
  mskKafkaEnv,
  topicsJobKafkaPolicy,
} from "./msk-policy.js";

/** Where the cluster goes and who may reach and use it. */
export interface MskArgs {
  readonly vpcId: pulumi.Input<string>;
  /** The EKS cluster's private subnets (the nodes'): MSK puts its endpoints there. */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The security group of the nodes, and so of the pods (the VPC CNI gives pods the node's groups): EKS's cluster
   * security group, which managed node groups without their own groups get.
   */
  readonly nodeSecurityGroupId: pulumi.Input<string>;
  /** The ingestor's IRSA role: it gets exactly the producer's grants. */
  readonly ingestorRole: aws.iam.Role;
  /** For the topics Job's own IRSA role. */
  readonly oidcProviderArn: pulumi.Input<string>;
  readonly oidcIssuer: pulumi.Input<string>;
  readonly namespace: string;
  readonly region: pulumi.Input<string>;
}

/** MSK Serverless, its network access, the topics Job's identity and both roles' grants. */
export class MskServerless extends pulumi.ComponentResource {
  readonly cluster: aws.msk.ServerlessCluster;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly topicsRole: aws.iam.Role;
  readonly kafka: ManagedKafka;

  constructor(name: string, request: KafkaRequest, args: MskArgs, opts?: pulumi.ComponentResourceOptions) {
    super("event-ingestor:aws:ManagedKafka", name, {}, opts);
    const child = { parent: this };
    const topics = request.topics.map((t) => t.name);

    // No inline rules: the Terraform-based provider also removes AWS's default allow-all egress, and the
    // brokers never open connections to clients.
    this.securityGroup = new aws.ec2.SecurityGroup(
      name,
      {
        vpcId: args.vpcId,
        description: `MSK Serverless for ${name}: SASL/IAM (${String(MSK_IAM_PORT)}) from the EKS nodes and pods only`,
        tags: { Name: name },
      },
      child,
    );
    const ingress = new aws.vpc.SecurityGroupIngressRule(
      `${name}-from-nodes`,
      {
        securityGroupId: this.securityGroup.id,
        referencedSecurityGroupId: args.nodeSecurityGroupId,
        ipProtocol: "tcp",
        fromPort: MSK_IAM_PORT,
        toPort: MSK_IAM_PORT,
        description: "Kafka clients (SASL/IAM over TLS) from the EKS nodes and pods",
      },
      child,
    );

    this.cluster = new aws.msk.ServerlessCluster(
      name,
      {
        clientAuthentication: { sasl: { iam: { enabled: true } } },
        vpcConfigs: [{ subnetIds: args.privateSubnetIds, securityGroupIds: [this.securityGroup.id] }],
        tags: { Name: name },
      },
      child,
    );

    const ingestorGrant = new aws.iam.RolePolicy(
      `${name}-ingestor`,
      {
        role: args.ingestorRole.name,
        policy: this.cluster.arn.apply((arn) => ingestorKafkaPolicy(arn, topics)),
      },
      child,
    );

    this.topicsRole = createIrsaRole(
      `${name}-topics`,
      {
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        namespace: args.namespace,
        serviceAccountName: request.topicsServiceAccountName,
        description: `${name} topics Job (IRSA): creates exactly the app's topics`,
      },
      child,
    );
    const topicsGrant = new aws.iam.RolePolicy(
      `${name}-topics`,
      {
        role: this.topicsRole.name,
        policy: this.cluster.arn.apply((arn) => topicsJobKafkaPolicy(arn, topics)),
      },
      child,
    );

    this.kafka = {
      bootstrapServers: this.cluster.bootstrapBrokersSaslIam,
      saslMechanism: MSK_MECHANISM,
      ports: MSK_CLIENT_PORTS,
      // The token is signed for the cluster's region; the AWS SDK's default chain finds the IRSA credentials.
      env: mskKafkaEnv(args.region),
      // The pods may connect only once the cluster is reachable from the nodes and both roles hold their grants.
      dependsOn: [this.cluster, ingress, ingestorGrant, topicsGrant],
      topicsJob: { serviceAccountAnnotations: { [irsaRoleAnnotation]: this.topicsRole.arn } },
    };
    this.registerOutputs({
      clusterArn: this.cluster.arn,
      bootstrapServers: this.cluster.bootstrapBrokersSaslIam,
      topicsRoleArn: this.topicsRole.arn,
    });
  }
}
