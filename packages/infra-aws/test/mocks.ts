// Pulumi mocks for the AWS platform: remote components (awsx Vpc, eks Cluster/ManagedNodeGroup) are single
// resources under mocks, so their outputs are given here the way the real providers would return them.
import type * as pulumi from "@pulumi/pulumi";

export const account = "123456789012";
export const region = "eu-west-1";
export const oidcIssuer = `oidc.eks.${region}.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE`;
export const oidcProviderArn = `arn:aws:iam::${account}:oidc-provider/${oidcIssuer}`;
export const privateSubnetIds = ["subnet-private-a", "subnet-private-b", "subnet-private-c"];
export const publicSubnetIds = ["subnet-public-a", "subnet-public-b", "subnet-public-c"];

/** One resource the program registered, with the inputs it passed. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

function stateFor(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case "awsx:ec2:Vpc":
      return { vpcId: "vpc-0example", privateSubnetIds, publicSubnetIds };
    case "eks:index:Cluster":
      return {
        kubeconfigJson: JSON.stringify({ apiVersion: "v1", kind: "Config", clusters: [] }),
        oidcProviderArn,
        oidcIssuer,
        eksCluster: { name: `${name}-eksCluster-0example`, version: "1.35" },
      };
    case "aws:ecr/repository:Repository":
      return {
        name,
        registryId: account,
        repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
      };
    case "aws:iam/role:Role":
      return { name, arn: `arn:aws:iam::${account}:role/${name}` };
    case "aws:iam/policy:Policy":
      return { name, arn: `arn:aws:iam::${account}:policy/${name}` };
    default:
      return {};
  }
}

/** AWS invokes the platform makes; anything else fails the test loudly. */
export function awsCall(token: string): Record<string, unknown> | undefined {
  switch (token) {
    case "aws:index/getRegion:getRegion":
      return { id: region, name: region, region, description: "Europe (Ireland)", endpoint: "" };
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        id: region,
        region,
        userName: "AWS",
        password: "ecr-token-short-lived",
        authorizationToken: "QVdTOmVjci10b2tlbg==",
        proxyEndpoint: `https://${account}.dkr.ecr.${region}.amazonaws.com`,
        expiresAt: "2030-01-01T00:00:00Z",
      };
    default:
      return undefined;
  }
}

/** Extra per-type state (e.g. for resources another package creates); called before the AWS defaults. */
export type ExtraState = (type: string, name: string) => Record<string, unknown> | undefined;
export type ExtraCall = (token: string) => Record<string, unknown> | undefined;

/** Mocks that record every registered resource into `recorded`. */
export function recordingMocks(
  recorded: Recorded[],
  extraState: ExtraState = () => undefined,
  extraCall: ExtraCall = () => undefined,
): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
      const inputs = args.inputs as Record<string, unknown>;
      recorded.push({ type: args.type, name: args.name, inputs });
      const state = { ...inputs, ...stateFor(args.type, args.name), ...extraState(args.type, args.name) };
      return { id: `${args.name}-id`, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      const result = extraCall(args.token) ?? awsCall(args.token);
      if (result === undefined) throw new Error(`unexpected invoke in test: ${args.token}`);
      return result;
    },
  };
}

/** Resolves an Output's value (mocks resolve unknowns too). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

export function only(recorded: readonly Recorded[], type: string): Recorded {
  const matches = recorded.filter((r) => r.type === type);
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${String(matches.length)}`);
  const [match] = matches;
  if (match === undefined) throw new Error(`no ${type}`);
  return match;
}

/**
 * Every place (`<type> <name> <path>`) where a resource other than `except` passes one of `needles` as an input
 * value, at any depth (lists, nested objects, secrets). An IAM grant names the role it grants to by name, id or
 * ARN, whatever resource type carries it, so this finds grants of types a test did not think of.
 */
export function referencesTo(
  recorded: readonly Recorded[],
  needles: readonly string[],
  except: Recorded,
): string[] {
  const find = (value: unknown, at: string): string[] => {
    if (typeof value === "string") return needles.includes(value) ? [at] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => find(v, `${at}[${String(i)}]`));
    if (typeof value === "object" && value !== null) {
      return Object.entries(value).flatMap(([k, v]) => find(v, `${at}.${k}`));
    }
    return [];
  };
  return recorded
    .filter((r) => r !== except)
    .flatMap((r) => find(r.inputs, "$").map((at) => `${r.type} ${r.name} ${at}`));
}
