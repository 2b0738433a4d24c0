// The only reader of pulumi.Config in this package. Stack files set `event-ingestor:aws` as one object;
// every field has a documented default, and every problem is reported at once.
import { bool, CIDR, int, isRecord, oneOf, str, strings, unknownKeys } from "@event-ingestor/platform";
import * as pulumi from "@pulumi/pulumi";

/** NAT layout: one shared gateway (cheap, one AZ's failure cuts egress) or one per AZ (resilient). */
export type NatGatewayLayout = "Single" | "OnePerAz";

/** Typed AWS settings for {@link createPlatform}. */
export interface AwsConfig {
  /** VPC CIDR block. Default `10.0.0.0/16`. */
  readonly vpcCidr: string;
  /** How many availability zones the subnets and nodes span, 2 or 3. Default 3. */
  readonly availabilityZones: number;
  /** Default `Single`; use `OnePerAz` in production. */
  readonly natGateways: NatGatewayLayout;
  /**
   * EKS Kubernetes minor, e.g. `1.35`. Default unset: EKS's default version when the cluster is created. Either
   * way the cluster is on standard support only (`upgradePolicy`), so EKS upgrades it at the end of standard
   * support instead of billing extended support; bump it yourself before then.
   */
  readonly kubernetesVersion: string | undefined;
  /** x86_64 instance types (the image is built for linux/amd64). Default `["t3.medium"]`. */
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
  readonly nodeDesiredSize: number;
  readonly nodeMaxSize: number;
  /** Root volume size of each node in GiB. Default 20. */
  readonly nodeDiskSizeGib: number;
  /** IAM principals (roles or users) given cluster-admin through EKS access entries. Default none. */
  readonly adminPrincipalArns: readonly string[];
  /**
   * IAM roles or users given view-only Kubernetes access (EKS's `AmazonEKSViewPolicy`, cluster-wide: reads most
   * objects, never Secrets), e.g. the PR workflow's preview role. pulumi-kubernetes previews with a server-side
   * dry run, which the API server refuses to a reader; on that 403 it falls back to a client-side preview, so a
   * preview identity never needs write. A principal may not be in both lists (EKS: one access entry each).
   * Default none.
   */
  readonly previewPrincipalArns: readonly string[];
  /** CIDRs allowed to reach the public Kubernetes API endpoint. Default `["0.0.0.0/0"]`. */
  readonly apiPublicAccessCidrs: readonly string[];
  /** Chart version of aws-load-balancer-controller (must match `lb-controller-iam-policy.json`). */
  readonly lbControllerChartVersion: string;
  /** Let `pulumi destroy` delete the ECR repository while it still holds images. Default true. */
  readonly ecrForceDelete: boolean;
  /**
   * Chart version of the Cluster Autoscaler (kubernetes/autoscaler `cluster-autoscaler` chart); the autoscaler
   * image follows the cluster's Kubernetes minor whatever the chart's default.
   */
  readonly clusterAutoscalerChartVersion: string;
  /** With `app.tls`: an issued ACM certificate for the host (same region), named on the ALB. Default unset. */
  readonly certificateArn: string | undefined;
  /**
   * Route 53 hosted zone of the host. With `app.tls` and no `certificateArn`, a new ACM certificate is validated
   * in it; with `app.host`, a CNAME from the host to the ALB is created in it. Default unset: no DNS changes.
   */
  readonly route53ZoneId: string | undefined;
}

export const awsConfigDefaults: AwsConfig = {
  vpcCidr: "10.0.0.0/16",
  availabilityZones: 3,
  natGateways: "Single",
  kubernetesVersion: undefined,
  nodeInstanceTypes: ["t3.medium"],
  nodeMinSize: 2,
  nodeDesiredSize: 2,
  nodeMaxSize: 4,
  nodeDiskSizeGib: 20,
  adminPrincipalArns: [],
  previewPrincipalArns: [],
  apiPublicAccessCidrs: ["0.0.0.0/0"],
  lbControllerChartVersion: "1.14.0",
  ecrForceDelete: true,
  clusterAutoscalerChartVersion: "9.59.0",
  certificateArn: undefined,
  route53ZoneId: undefined,
};

/** The stack's `event-ingestor:aws` object is invalid; `problems` lists every field at fault. */
export class AwsConfigError extends Error {
  override readonly name = "AwsConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid event-ingestor:aws config:\n  - ${problems.join("\n  - ")}`);
  }
}

const VERSION = /^1\.\d{2}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/** Parses the raw `event-ingestor:aws` object (pure: tests call it without Pulumi). */
export function parseAwsConfig(input: unknown): AwsConfig {
  const raw: unknown = input ?? {};
  if (!isRecord(raw)) throw new AwsConfigError(["event-ingestor:aws must be an object"]);
  const problems: string[] = [];
  unknownKeys(raw, Object.keys(awsConfigDefaults), problems);
  const d = awsConfigDefaults;
  const parsed: AwsConfig = {
    vpcCidr: str(raw, "vpcCidr", CIDR, problems) ?? d.vpcCidr,
    availabilityZones: int(raw, "availabilityZones", 2, 3, problems) ?? d.availabilityZones,
    natGateways:
      oneOf<NatGatewayLayout>(raw, "natGateways", ["Single", "OnePerAz"], problems) ?? d.natGateways,
    kubernetesVersion: str(raw, "kubernetesVersion", VERSION, problems),
    nodeInstanceTypes: strings(raw, "nodeInstanceTypes", INSTANCE_TYPE, problems) ?? d.nodeInstanceTypes,
    nodeMinSize: int(raw, "nodeMinSize", 1, 100, problems) ?? d.nodeMinSize,
    nodeDesiredSize: int(raw, "nodeDesiredSize", 1, 100, problems) ?? d.nodeDesiredSize,
    nodeMaxSize: int(raw, "nodeMaxSize", 1, 100, problems) ?? d.nodeMaxSize,
    nodeDiskSizeGib: int(raw, "nodeDiskSizeGib", 20, 1000, problems) ?? d.nodeDiskSizeGib,
    adminPrincipalArns: strings(raw, "adminPrincipalArns", ARN, problems) ?? d.adminPrincipalArns,
    previewPrincipalArns: strings(raw, "previewPrincipalArns", ARN, problems) ?? d.previewPrincipalArns,
    apiPublicAccessCidrs: strings(raw, "apiPublicAccessCidrs", CIDR, problems) ?? d.apiPublicAccessCidrs,
    lbControllerChartVersion:
      str(raw, "lbControllerChartVersion", SEMVER, problems) ?? d.lbControllerChartVersion,
    ecrForceDelete: bool(raw, "ecrForceDelete", problems) ?? d.ecrForceDelete,
    clusterAutoscalerChartVersion:
      str(raw, "clusterAutoscalerChartVersion", SEMVER, problems) ?? d.clusterAutoscalerChartVersion,
    certificateArn: str(raw, "certificateArn", CERTIFICATE_ARN, problems),
    route53ZoneId: str(raw, "route53ZoneId", ZONE_ID, problems),
  };
  if (parsed.nodeInstanceTypes.length === 0) problems.push("nodeInstanceTypes must not be empty");
  if (!(parsed.nodeMinSize <= parsed.nodeDesiredSize && parsed.nodeDesiredSize <= parsed.nodeMaxSize)) {
    problems.push("node sizes must satisfy nodeMinSize <= nodeDesiredSize <= nodeMaxSize");
  }
  // EKS keeps one access entry per principal: a second one (or admin and view at once) fails at deploy time.
  const principals = [...parsed.adminPrincipalArns, ...parsed.previewPrincipalArns];
  const repeated = [...new Set(principals.filter((arn, i) => principals.indexOf(arn) !== i))];
  if (repeated.length > 0) {
    problems.push(
      `adminPrincipalArns and previewPrincipalArns must name each principal once, got ${repeated.join(", ")} twice`,
    );
  }
  if (problems.length > 0) throw new AwsConfigError(problems);
  return parsed;
}

/** Reads `event-ingestor:aws` from the current stack. */
export function loadAwsConfig(): AwsConfig {
  return parseAwsConfig(new pulumi.Config().getObject<unknown>("aws"));
}
