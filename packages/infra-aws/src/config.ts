// The only reader of pulumi.Config in this package. Stack files set `event-ingestor:aws` as one object;
// every field has a documented default, and every problem is reported at once.
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
  /** EKS Kubernetes version. Default `1.35`. */
  readonly kubernetesVersion: string;
  /** x86_64 instance types (the image is built for linux/amd64). Default `["t3.medium"]`. */
  readonly nodeInstanceTypes: readonly string[];
  readonly nodeMinSize: number;
  readonly nodeDesiredSize: number;
  readonly nodeMaxSize: number;
  /** Root volume size of each node in GiB. Default 20. */
  readonly nodeDiskSizeGib: number;
  /** IAM principals (roles or users) given cluster-admin through EKS access entries. Default none. */
  readonly adminPrincipalArns: readonly string[];
  /** CIDRs allowed to reach the public Kubernetes API endpoint. Default `["0.0.0.0/0"]`. */
  readonly apiPublicAccessCidrs: readonly string[];
  /** Chart version of aws-load-balancer-controller (must match `lb-controller-iam-policy.json`). */
  readonly lbControllerChartVersion: string;
  /** Let `pulumi destroy` delete the ECR repository while it still holds images. Default true. */
  readonly ecrForceDelete: boolean;
}

export const awsConfigDefaults: AwsConfig = {
  vpcCidr: "10.0.0.0/16",
  availabilityZones: 3,
  natGateways: "Single",
  kubernetesVersion: "1.35",
  nodeInstanceTypes: ["t3.medium"],
  nodeMinSize: 2,
  nodeDesiredSize: 2,
  nodeMaxSize: 4,
  nodeDiskSizeGib: 20,
  adminPrincipalArns: [],
  apiPublicAccessCidrs: ["0.0.0.0/0"],
  lbControllerChartVersion: "1.14.0",
  ecrForceDelete: true,
};

/** The stack's `event-ingestor:aws` object is invalid; `problems` lists every field at fault. */
export class AwsConfigError extends Error {
  override readonly name = "AwsConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid event-ingestor:aws config:\n  - ${problems.join("\n  - ")}`);
  }
}

type Raw = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function int(
  raw: Raw,
  key: keyof AwsConfig,
  min: number,
  max: number,
  problems: string[],
): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  // Pulumi config values set with `pulumi config set --path` arrive as strings.
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return n;
}

function str(raw: Raw, key: keyof AwsConfig, pattern: RegExp, problems: string[]): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !pattern.test(value)) {
    problems.push(`${key} must match ${pattern.source}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

function strings(raw: Raw, key: keyof AwsConfig, pattern: RegExp, problems: string[]): string[] | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string" && pattern.test(v))) {
    problems.push(
      `${key} must be a list of strings matching ${pattern.source}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  return value;
}

function bool(raw: Raw, key: keyof AwsConfig, problems: string[]): boolean | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  problems.push(`${key} must be true or false, got ${JSON.stringify(value)}`);
  return undefined;
}

const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const VERSION = /^1\.\d{2}$/;
const SEMVER = /^\d+\.\d+\.\d+$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/;

/** Parses the raw `event-ingestor:aws` object (pure: tests call it without Pulumi). */
export function parseAwsConfig(input: unknown): AwsConfig {
  const raw: unknown = input ?? {};
  if (!isRecord(raw)) throw new AwsConfigError(["event-ingestor:aws must be an object"]);
  const problems: string[] = [];
  const known = new Set(Object.keys(awsConfigDefaults));
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push(`${key} is not a known setting`);

  const nat = raw["natGateways"];
  if (nat !== undefined && nat !== "Single" && nat !== "OnePerAz") {
    problems.push(`natGateways must be "Single" or "OnePerAz", got ${JSON.stringify(nat)}`);
  }
  const d = awsConfigDefaults;
  const parsed: AwsConfig = {
    vpcCidr: str(raw, "vpcCidr", CIDR, problems) ?? d.vpcCidr,
    availabilityZones: int(raw, "availabilityZones", 2, 3, problems) ?? d.availabilityZones,
    natGateways: nat === "OnePerAz" ? "OnePerAz" : d.natGateways,
    kubernetesVersion: str(raw, "kubernetesVersion", VERSION, problems) ?? d.kubernetesVersion,
    nodeInstanceTypes: strings(raw, "nodeInstanceTypes", INSTANCE_TYPE, problems) ?? d.nodeInstanceTypes,
    nodeMinSize: int(raw, "nodeMinSize", 1, 100, problems) ?? d.nodeMinSize,
    nodeDesiredSize: int(raw, "nodeDesiredSize", 1, 100, problems) ?? d.nodeDesiredSize,
    nodeMaxSize: int(raw, "nodeMaxSize", 1, 100, problems) ?? d.nodeMaxSize,
    nodeDiskSizeGib: int(raw, "nodeDiskSizeGib", 20, 1000, problems) ?? d.nodeDiskSizeGib,
    adminPrincipalArns: strings(raw, "adminPrincipalArns", ARN, problems) ?? d.adminPrincipalArns,
    apiPublicAccessCidrs: strings(raw, "apiPublicAccessCidrs", CIDR, problems) ?? d.apiPublicAccessCidrs,
    lbControllerChartVersion:
      str(raw, "lbControllerChartVersion", SEMVER, problems) ?? d.lbControllerChartVersion,
    ecrForceDelete: bool(raw, "ecrForceDelete", problems) ?? d.ecrForceDelete,
  };
  if (parsed.nodeInstanceTypes.length === 0) problems.push("nodeInstanceTypes must not be empty");
  if (!(parsed.nodeMinSize <= parsed.nodeDesiredSize && parsed.nodeDesiredSize <= parsed.nodeMaxSize)) {
    problems.push("node sizes must satisfy nodeMinSize <= nodeDesiredSize <= nodeMaxSize");
  }
  if (problems.length > 0) throw new AwsConfigError(problems);
  return parsed;
}

/** Reads `event-ingestor:aws` from the current stack. */
export function loadAwsConfig(): AwsConfig {
  return parseAwsConfig(new pulumi.Config().getObject<unknown>("aws"));
}
