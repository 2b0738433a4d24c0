// The only reader of pulumi.Config in this package. Stack files set `event-ingestor:gcp` as one object (every
// field optional, defaults below); the project and region come from the provider's own `gcp:project` and
// `gcp:region`, so the provider and this package cannot disagree about where things live.
import * as pulumi from "@pulumi/pulumi";
import {
  CIDR,
  bool,
  int,
  isPlaceholder,
  isRecord,
  oneOf,
  placeholderProblem,
  str,
  strings,
  unknownKeys,
} from "@event-ingestor/platform";

/** GKE release channels; `REGULAR` is Google's default and the sensible choice for production. */
export type ReleaseChannel = "RAPID" | "REGULAR" | "STABLE";

/** Typed GCP settings for {@link createPlatform}. */
export interface GcpConfig {
  /** Project every resource is created in. From `gcp:project` (required). */
  readonly project: string;
  /** Region of the network, registry and (by default) the cluster. From `gcp:region`, default `europe-west1`. */
  readonly region: string;
  /**
   * Where the cluster lives: the region (regional control plane, nodes in every zone) or one zone (zonal: cheaper,
   * and covered by GKE's free-tier credit, but the control plane is not replicated). Default: the region.
   */
  readonly clusterLocation: string;
  /** Zones for the nodes; empty lets GKE pick the region's default zones. Default `[]`. */
  readonly nodeZones: readonly string[];
  /** Primary range of the node subnetwork. Default `10.10.0.0/20` (4,096 nodes). */
  readonly subnetCidr: string;
  /** Secondary range for pod IPs (VPC-native). Default `10.16.0.0/14`. */
  readonly podsCidr: string;
  /** Secondary range for Service cluster IPs. Default `10.20.0.0/20`. */
  readonly servicesCidr: string;
  /** GKE release channel that picks and upgrades the Kubernetes version. Default `REGULAR`. */
  readonly releaseChannel: ReleaseChannel;
  /** x86_64 machine type (the image is built for linux/amd64). Default `e2-standard-2`. */
  readonly machineType: string;
  /** Autoscaler bounds per zone of the node pool. Defaults 1 and 3. */
  readonly nodeMinPerZone: number;
  readonly nodeMaxPerZone: number;
  /** Boot disk size of each node in GB. Default 50. */
  readonly nodeDiskSizeGb: number;
  /** Use Spot VMs for the node pool (cheap, may be reclaimed at any time). Default false. */
  readonly spotNodes: boolean;
  /** Refuse `pulumi destroy` of the cluster. Default false so the guide's destroy step works; set true in prod. */
  readonly deletionProtection: boolean;
  /** CIDRs allowed to reach the cluster's public control-plane endpoint. Default `["0.0.0.0/0"]`. */
  readonly apiAuthorizedCidrs: readonly string[];
  /**
   * IAM members (`serviceAccount:...`, `group:...`, `user:...`, `principal://...`) given Kubernetes Engine Viewer
   * (`roles/container.viewer`) on the project, e.g. the PR workflow's preview service account: they read the
   * clusters and most Kubernetes objects, but not Secrets, and write nothing. pulumi-kubernetes previews with a
   * server-side dry run, which the API server refuses to a reader; on that 403 it falls back to a client-side
   * preview, so a preview identity never needs write. Default none.
   */
  readonly previewMembers: readonly string[];
  /** Artifact Registry cleanup: always keep this many most recent image versions. Default 10. */
  readonly imageKeepCount: number;
  /** Artifact Registry cleanup: delete versions older than this (unless kept above). Default 30 days. */
  readonly imageMaxAgeDays: number;
  /** Reject pushes that move an existing tag (push unique tags; deploys use digests anyway). Default true. */
  readonly immutableTags: boolean;
  /** Enable the compute, container, artifactregistry and iam APIs (and managedkafka with managed Kafka). Default true. */
  readonly enableApis: boolean;
  /**
   * Cloud DNS managed zone (its name, in the same project) holding `app.host`: an A record from the host to the
   * load balancer is created in it. Default unset: no DNS changes.
   */
  readonly dnsManagedZone: string | undefined;
  /**
   * Managed Kafka (stack `kafka.mode: managed`): vCPUs of the cluster, spread over three brokers. Default 3, the
   * service's minimum (about 20 MiB/s of produce traffic per vCPU by Google's sizing guide).
   */
  readonly kafkaVcpuCount: number;
  /** Managed Kafka memory in GiB; 1 to 8 GiB per vCPU. Default 6 (2 GiB per broker). */
  readonly kafkaMemoryGib: number;
}

/** Defaults for everything except the project, which has none. */
export const gcpConfigDefaults: Omit<GcpConfig, "project" | "clusterLocation"> = {
  region: "europe-west1",
  nodeZones: [],
  subnetCidr: "10.10.0.0/20",
  podsCidr: "10.16.0.0/14",
  servicesCidr: "10.20.0.0/20",
  releaseChannel: "REGULAR",
  machineType: "e2-standard-2",
  nodeMinPerZone: 1,
  nodeMaxPerZone: 3,
  nodeDiskSizeGb: 50,
  spotNodes: false,
  deletionProtection: false,
  apiAuthorizedCidrs: ["0.0.0.0/0"],
  previewMembers: [],
  imageKeepCount: 10,
  imageMaxAgeDays: 30,
  immutableTags: true,
  enableApis: true,
  dnsManagedZone: undefined,
  kafkaVcpuCount: 3,
  kafkaMemoryGib: 6,
};

/** The stack's GCP configuration is invalid; `problems` lists every field at fault. */
export class GcpConfigError extends Error {
  override readonly name = "GcpConfigError";
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid GCP config (event-ingestor:gcp, gcp:project, gcp:region):\n  - ${problems.join("\n  - ")}`,
    );
  }
}

/** Values of the GCP provider's own config namespace. */
export interface GcpProviderConfig {
  readonly project?: string | undefined;
  readonly region?: string | undefined;
}

const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+\d+$/;
const LOCATION = /^[a-z]+-[a-z]+\d+(-[a-z])?$/;
const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;
const MACHINE_TYPE = /^[a-z][a-z0-9]*-[a-z0-9-]+$/;
const ZONE_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const IAM_MEMBER =
  /^((serviceAccount|group|user):[^\s@]+@[^\s@]+\.[a-z]+|principal(Set)?:\/\/iam\.googleapis\.com\/\S+)$/;
const CHANNELS: readonly ReleaseChannel[] = ["RAPID", "REGULAR", "STABLE"];

/** Parses `event-ingestor:gcp` plus the provider's project and region (pure: tests call it without Pulumi). */
export function parseGcpConfig(input: unknown, provider: GcpProviderConfig): GcpConfig {
  const raw: unknown = input ?? {};
  if (!isRecord(raw)) throw new GcpConfigError(["event-ingestor:gcp must be an object"]);
  const problems: string[] = [];
  unknownKeys(raw, [...Object.keys(gcpConfigDefaults), "clusterLocation"], problems);

  const project = provider.project;
  if (project === undefined || !PROJECT.test(project)) {
    problems.push(`gcp:project must be set to a project id, got ${JSON.stringify(project)}`);
  } else if (isPlaceholder(project)) {
    problems.push(
      placeholderProblem(
        "gcp:project",
        project,
        "pulumi config set gcp:project <your-project-id> --stack gcp",
      ),
    );
  }
  const region = provider.region ?? gcpConfigDefaults.region;
  if (!REGION.test(region))
    problems.push(`gcp:region must be a region such as europe-west1, got "${region}"`);

  const d = gcpConfigDefaults;
  const parsed: GcpConfig = {
    project: project ?? "",
    region,
    clusterLocation: str(raw, "clusterLocation", LOCATION, problems) ?? region,
    nodeZones: strings(raw, "nodeZones", ZONE, problems) ?? d.nodeZones,
    subnetCidr: str(raw, "subnetCidr", CIDR, problems) ?? d.subnetCidr,
    podsCidr: str(raw, "podsCidr", CIDR, problems) ?? d.podsCidr,
    servicesCidr: str(raw, "servicesCidr", CIDR, problems) ?? d.servicesCidr,
    releaseChannel: oneOf(raw, "releaseChannel", CHANNELS, problems) ?? d.releaseChannel,
    machineType: str(raw, "machineType", MACHINE_TYPE, problems) ?? d.machineType,
    nodeMinPerZone: int(raw, "nodeMinPerZone", 0, 100, problems) ?? d.nodeMinPerZone,
    nodeMaxPerZone: int(raw, "nodeMaxPerZone", 1, 100, problems) ?? d.nodeMaxPerZone,
    nodeDiskSizeGb: int(raw, "nodeDiskSizeGb", 20, 1000, problems) ?? d.nodeDiskSizeGb,
    spotNodes: bool(raw, "spotNodes", problems) ?? d.spotNodes,
    deletionProtection: bool(raw, "deletionProtection", problems) ?? d.deletionProtection,
    apiAuthorizedCidrs: strings(raw, "apiAuthorizedCidrs", CIDR, problems) ?? d.apiAuthorizedCidrs,
    previewMembers: strings(raw, "previewMembers", IAM_MEMBER, problems) ?? d.previewMembers,
    imageKeepCount: int(raw, "imageKeepCount", 1, 1000, problems) ?? d.imageKeepCount,
    imageMaxAgeDays: int(raw, "imageMaxAgeDays", 1, 3650, problems) ?? d.imageMaxAgeDays,
    immutableTags: bool(raw, "immutableTags", problems) ?? d.immutableTags,
    enableApis: bool(raw, "enableApis", problems) ?? d.enableApis,
    dnsManagedZone: str(raw, "dnsManagedZone", ZONE_NAME, problems),
    kafkaVcpuCount: int(raw, "kafkaVcpuCount", 3, 1000, problems) ?? d.kafkaVcpuCount,
    kafkaMemoryGib: int(raw, "kafkaMemoryGib", 3, 8000, problems) ?? d.kafkaMemoryGib,
  };
  if (parsed.nodeMinPerZone > parsed.nodeMaxPerZone) {
    problems.push("nodeMinPerZone must not exceed nodeMaxPerZone");
  }
  if (parsed.kafkaMemoryGib < parsed.kafkaVcpuCount || parsed.kafkaMemoryGib > parsed.kafkaVcpuCount * 8) {
    problems.push(
      `kafkaMemoryGib must be 1 to 8 GiB per vCPU (${parsed.kafkaVcpuCount} to ${parsed.kafkaVcpuCount * 8} for kafkaVcpuCount ${parsed.kafkaVcpuCount}), got ${parsed.kafkaMemoryGib}`,
    );
  }
  if (parsed.clusterLocation !== region && !parsed.clusterLocation.startsWith(`${region}-`)) {
    problems.push(`clusterLocation ${parsed.clusterLocation} must be ${region} or one of its zones`);
  }
  for (const zone of parsed.nodeZones) {
    if (!zone.startsWith(`${region}-`)) problems.push(`nodeZones entry ${zone} is not in ${region}`);
  }
  if (problems.length > 0) throw new GcpConfigError(problems);
  return parsed;
}

/** Reads `event-ingestor:gcp`, `gcp:project` and `gcp:region` from the current stack. */
export function loadGcpConfig(): GcpConfig {
  const provider = new pulumi.Config("gcp");
  return parseGcpConfig(new pulumi.Config().getObject<unknown>("gcp"), {
    project: provider.get("project"),
    region: provider.get("region"),
  });
}
