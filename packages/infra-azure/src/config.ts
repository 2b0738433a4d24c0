// The only reader of pulumi.Config in this package. Stack files set `event-ingestor:azure` as one object (every
// field optional, defaults below); the location falls back to the provider's own `azure-native:location`.
import * as pulumi from "@pulumi/pulumi";
import { contains, containsAddress, overlaps, parseCidr } from "./cidr.js";
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

export type AksTier = "Free" | "Standard";
export type AksUpgradeChannel = "rapid" | "stable" | "patch" | "node-image" | "none";
export type AcrSku = "Basic" | "Standard" | "Premium";
/** Event Hubs tiers with a Kafka endpoint (Basic has none). */
export type EventHubsSku = "Standard" | "Premium";

/** Typed Azure settings for {@link createPlatform}. */
export interface AzureConfig {
  /** Region of every resource. `location`, else `azure-native:location`, else `westeurope`. */
  readonly location: string;
  /** VNet address space. Default `10.30.0.0/16`. */
  readonly vnetCidr: string;
  /** Node subnet, inside the VNet. Default `10.30.0.0/22` (nodes only: pods use the overlay range). */
  readonly nodeSubnetCidr: string;
  /** Azure CNI Overlay pod range, outside the VNet. Default `10.244.0.0/16`. */
  readonly podCidr: string;
  /** Service cluster-IP range, outside the VNet. Default `10.0.0.0/16`. */
  readonly serviceCidr: string;
  /** Cluster DNS address inside `serviceCidr`. Default `10.0.0.10`. */
  readonly dnsServiceIp: string;
  /**
   * AKS Kubernetes version (`az aks get-versions -l <location>`). Default unset: AKS's default version when the
   * cluster is created, never an end-of-life minor pinned in a file; `upgradeChannel` keeps it current.
   */
  readonly kubernetesVersion: string | undefined;
  /** x86_64 VM size of the system pool (the image is linux/amd64). Default `Standard_D2s_v5`. */
  readonly nodeVmSize: string;
  /** Autoscaler bounds of the system pool. Defaults 2 and 4. */
  readonly nodeMinCount: number;
  readonly nodeMaxCount: number;
  /** OS disk of each node in GB. Default 64. */
  readonly nodeOsDiskSizeGb: number;
  /** Availability zones of the nodes; empty for regions without zones. Default `["1", "2", "3"]`. */
  readonly availabilityZones: readonly string[];
  /** AKS control-plane tier: `Free`, or `Standard` (financially backed SLA). Default `Free`. */
  readonly skuTier: AksTier;
  /** Automatic Kubernetes upgrades. Default `patch`. */
  readonly upgradeChannel: AksUpgradeChannel;
  /** CIDRs allowed to reach the API server; empty allows any. Default `[]`. */
  readonly apiAuthorizedCidrs: readonly string[];
  /**
   * Entra ID authentication with Azure RBAC for Kubernetes, local accounts disabled. Default true. When false the
   * cluster keeps certificate-based local accounts (simpler, but a leaked kubeconfig cannot be revoked per user).
   */
  readonly entraId: boolean;
  /**
   * Entra groups that become cluster admins when the cluster is created (Entra mode): the deployers (you, CI's
   * identity) are members. Required in Entra mode unless `grantDeployerAccess`: a group given at creation works at
   * once, while a new role assignment takes minutes to propagate and pulumi-kubernetes does not retry its 403.
   */
  readonly adminGroupObjectIds: readonly string[];
  /**
   * Also grant the identity running `pulumi up` AcrPush on the registry and, in Entra mode, Azure Kubernetes Service
   * RBAC Cluster Admin on the cluster. Default false: those assignments propagate in minutes, so a first `up` that
   * relies on them fails with 403 and must be re-run. Deployers push with Contributor (which includes ACR push)
   * and apply through `adminGroupObjectIds`.
   */
  readonly grantDeployerAccess: boolean;
  /**
   * Object ids of service principals (the PR workflow's preview app or managed identity) given Azure Kubernetes
   * Service RBAC Reader on the cluster (Entra mode): they read most objects, not Secrets, and write nothing.
   * pulumi-kubernetes previews with a server-side dry run, which the API server refuses to a reader; on that 403
   * it falls back to a client-side preview, so a preview identity never needs write. Default none.
   */
  readonly previewPrincipalIds: readonly string[];
  /** ACR tier. Default `Basic`; `Premium` adds the retention policy for untagged manifests. */
  readonly acrSku: AcrSku;
  /** Days to keep untagged manifests (Premium only). Default 7. */
  readonly acrRetentionDays: number;
  /** Globally unique ACR name (5-50 letters/digits). Default: derived from the base name, project and stack. */
  readonly registryName: string | undefined;
  /**
   * With `app.tls`: the Key Vault certificate for the host, `https://<vault>.vault.azure.net/certificates/<name>`.
   * App routing syncs it into the Ingress's TLS Secret. Default unset.
   */
  readonly tlsCertificateUri: string | undefined;
  /** Resource id of that Key Vault (Azure RBAC mode); app routing's identity gets Key Vault Secrets User on it. */
  readonly keyVaultId: string | undefined;
  /**
   * Resource id of an Azure DNS zone holding `app.host`: app routing creates the host's record in it (its identity
   * gets DNS Zone Contributor on the zone). Default unset: no DNS changes.
   */
  readonly dnsZoneId: string | undefined;
  /** Managed Kafka (stack `kafka.mode: managed`): the Event Hubs tier, `Standard` or `Premium`. Default `Standard`. */
  readonly eventHubsSku: EventHubsSku;
  /**
   * Throughput units (Standard, 1-40: each 1 MB/s or 1,000 events/s in) or processing units (Premium: 1, 2, 4, 8
   * or 16). Default 1.
   */
  readonly eventHubsCapacity: number;
  /** Days an event hub keeps events: 1-7 on Standard, 1-90 on Premium. Default 1. */
  readonly eventHubsRetentionDays: number;
  /**
   * Azure Monitor managed service for Prometheus: the AKS metrics add-on, set when the cluster is created, which
   * `app.metrics: managed` needs. Default false (the add-on runs collectors on every node and bills per sample).
   */
  readonly managedPrometheus: boolean;
}

export const azureConfigDefaults: Omit<
  AzureConfig,
  "location" | "registryName" | "tlsCertificateUri" | "keyVaultId" | "dnsZoneId"
> = {
  vnetCidr: "10.30.0.0/16",
  nodeSubnetCidr: "10.30.0.0/22",
  podCidr: "10.244.0.0/16",
  serviceCidr: "10.0.0.0/16",
  dnsServiceIp: "10.0.0.10",
  kubernetesVersion: undefined,
  nodeVmSize: "Standard_D2s_v5",
  nodeMinCount: 2,
  nodeMaxCount: 4,
  nodeOsDiskSizeGb: 64,
  availabilityZones: ["1", "2", "3"],
  skuTier: "Free",
  upgradeChannel: "patch",
  apiAuthorizedCidrs: [],
  entraId: true,
  adminGroupObjectIds: [],
  grantDeployerAccess: false,
  previewPrincipalIds: [],
  acrSku: "Basic",
  acrRetentionDays: 7,
  eventHubsSku: "Standard",
  eventHubsCapacity: 1,
  eventHubsRetentionDays: 1,
  managedPrometheus: false,
};

export const defaultLocation = "westeurope";

/** The stack's Azure configuration is invalid; `problems` lists every field at fault. */
export class AzureConfigError extends Error {
  override readonly name = "AzureConfigError";
  constructor(readonly problems: readonly string[]) {
    super(`invalid event-ingestor:azure config:\n  - ${problems.join("\n  - ")}`);
  }
}

const LOCATION = /^[a-z][a-z0-9]+$/;
const VERSION = /^1\.\d{2}(\.\d+)?$/;
const VM_SIZE = /^Standard_[A-Za-z0-9_]+$/;
const ZONE = /^[1-3]$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const ACR_NAME = /^[a-zA-Z0-9]{5,50}$/;
const CERTIFICATE_URI =
  /^https:\/\/([a-zA-Z0-9-]{3,24})\.vault\.azure\.net\/certificates\/[a-zA-Z0-9-]{1,127}(\/[0-9a-f]{32})?$/;
const KEY_VAULT_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/([a-zA-Z0-9-]{3,24})$/i;
const DNS_ZONE_ID =
  /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w.()-]{1,90}\/providers\/Microsoft\.Network\/dnszones\/[a-z0-9.-]+$/i;

function checkRanges(c: AzureConfig, problems: string[]): void {
  const vnet = parseCidr(c.vnetCidr);
  const subnet = parseCidr(c.nodeSubnetCidr);
  const pods = parseCidr(c.podCidr);
  const services = parseCidr(c.serviceCidr);
  if (vnet === undefined || subnet === undefined || pods === undefined || services === undefined) return;
  if (!contains(vnet, subnet)) problems.push(`nodeSubnetCidr ${c.nodeSubnetCidr} must lie inside vnetCidr`);
  if (overlaps(pods, vnet)) problems.push(`podCidr ${c.podCidr} must not overlap vnetCidr`);
  if (overlaps(services, vnet)) problems.push(`serviceCidr ${c.serviceCidr} must not overlap vnetCidr`);
  if (overlaps(pods, services)) problems.push(`podCidr and serviceCidr must not overlap`);
  if (!containsAddress(services, c.dnsServiceIp)) problems.push(`dnsServiceIp must lie inside serviceCidr`);
}

/** Processing units a Premium namespace may have. */
const PREMIUM_UNITS = [1, 2, 4, 8, 16];

function checkEventHubs(c: AzureConfig, problems: string[]): void {
  if (c.eventHubsSku === "Premium" && !PREMIUM_UNITS.includes(c.eventHubsCapacity)) {
    problems.push(
      `eventHubsCapacity must be one of ${PREMIUM_UNITS.join(", ")} processing units on Premium, got ${c.eventHubsCapacity}`,
    );
  }
  if (c.eventHubsSku === "Standard" && c.eventHubsRetentionDays > 7) {
    problems.push(`eventHubsRetentionDays must be 1 to 7 on Standard, got ${c.eventHubsRetentionDays}`);
  }
}

/** Parses `event-ingestor:azure` (pure: tests call it without Pulumi). */
export function parseAzureConfig(input: unknown, providerLocation?: string): AzureConfig {
  const raw: unknown = input ?? {};
  if (!isRecord(raw)) throw new AzureConfigError(["event-ingestor:azure must be an object"]);
  const problems: string[] = [];
  unknownKeys(
    raw,
    [
      ...Object.keys(azureConfigDefaults),
      "location",
      "registryName",
      "tlsCertificateUri",
      "keyVaultId",
      "dnsZoneId",
    ],
    problems,
  );

  const d = azureConfigDefaults;
  const parsed: AzureConfig = {
    location: str(raw, "location", LOCATION, problems) ?? providerLocation ?? defaultLocation,
    vnetCidr: str(raw, "vnetCidr", CIDR, problems) ?? d.vnetCidr,
    nodeSubnetCidr: str(raw, "nodeSubnetCidr", CIDR, problems) ?? d.nodeSubnetCidr,
    podCidr: str(raw, "podCidr", CIDR, problems) ?? d.podCidr,
    serviceCidr: str(raw, "serviceCidr", CIDR, problems) ?? d.serviceCidr,
    dnsServiceIp: str(raw, "dnsServiceIp", IPV4, problems) ?? d.dnsServiceIp,
    kubernetesVersion: str(raw, "kubernetesVersion", VERSION, problems),
    nodeVmSize: str(raw, "nodeVmSize", VM_SIZE, problems) ?? d.nodeVmSize,
    nodeMinCount: int(raw, "nodeMinCount", 1, 100, problems) ?? d.nodeMinCount,
    nodeMaxCount: int(raw, "nodeMaxCount", 1, 100, problems) ?? d.nodeMaxCount,
    nodeOsDiskSizeGb: int(raw, "nodeOsDiskSizeGb", 30, 2048, problems) ?? d.nodeOsDiskSizeGb,
    availabilityZones: strings(raw, "availabilityZones", ZONE, problems) ?? d.availabilityZones,
    skuTier: oneOf(raw, "skuTier", ["Free", "Standard"], problems) ?? d.skuTier,
    upgradeChannel:
      oneOf(raw, "upgradeChannel", ["rapid", "stable", "patch", "node-image", "none"], problems) ??
      d.upgradeChannel,
    apiAuthorizedCidrs: strings(raw, "apiAuthorizedCidrs", CIDR, problems) ?? d.apiAuthorizedCidrs,
    entraId: bool(raw, "entraId", problems) ?? d.entraId,
    adminGroupObjectIds: strings(raw, "adminGroupObjectIds", GUID, problems) ?? d.adminGroupObjectIds,
    grantDeployerAccess: bool(raw, "grantDeployerAccess", problems) ?? d.grantDeployerAccess,
    previewPrincipalIds: strings(raw, "previewPrincipalIds", GUID, problems) ?? d.previewPrincipalIds,
    acrSku: oneOf(raw, "acrSku", ["Basic", "Standard", "Premium"], problems) ?? d.acrSku,
    acrRetentionDays: int(raw, "acrRetentionDays", 0, 365, problems) ?? d.acrRetentionDays,
    registryName: str(raw, "registryName", ACR_NAME, problems),
    tlsCertificateUri: str(raw, "tlsCertificateUri", CERTIFICATE_URI, problems),
    keyVaultId: str(raw, "keyVaultId", KEY_VAULT_ID, problems),
    dnsZoneId: str(raw, "dnsZoneId", DNS_ZONE_ID, problems),
    eventHubsSku: oneOf(raw, "eventHubsSku", ["Standard", "Premium"], problems) ?? d.eventHubsSku,
    eventHubsCapacity: int(raw, "eventHubsCapacity", 1, 40, problems) ?? d.eventHubsCapacity,
    eventHubsRetentionDays: int(raw, "eventHubsRetentionDays", 1, 90, problems) ?? d.eventHubsRetentionDays,
    managedPrometheus: bool(raw, "managedPrometheus", problems) ?? d.managedPrometheus,
  };
  if (parsed.nodeMinCount > parsed.nodeMaxCount) problems.push("nodeMinCount must not exceed nodeMaxCount");
  if (!parsed.entraId && parsed.adminGroupObjectIds.length > 0) {
    problems.push("adminGroupObjectIds needs entraId: true");
  }
  // With local accounts, Kubernetes RBAC (not Azure RBAC) authorizes requests: the role would grant nothing.
  if (!parsed.entraId && parsed.previewPrincipalIds.length > 0) {
    problems.push("previewPrincipalIds needs entraId: true");
  }
  if (parsed.entraId && parsed.adminGroupObjectIds.length === 0 && !parsed.grantDeployerAccess) {
    problems.push(
      "adminGroupObjectIds must name at least one Entra group, with you and CI's identity as members, that administers the cluster from its creation: `pulumi config set --path 'azure.adminGroupObjectIds[0]' <group object id> --stack azure` (`az ad group show -g <name> --query id -o tsv`)",
    );
  }
  const uriVault =
    parsed.tlsCertificateUri === undefined ? undefined : CERTIFICATE_URI.exec(parsed.tlsCertificateUri)?.[1];
  const idVault = parsed.keyVaultId === undefined ? undefined : KEY_VAULT_ID.exec(parsed.keyVaultId)?.[1];
  if ((parsed.tlsCertificateUri === undefined) !== (parsed.keyVaultId === undefined)) {
    problems.push(
      "tlsCertificateUri and keyVaultId go together: the certificate and the vault that holds it",
    );
  } else if (
    uriVault !== undefined &&
    idVault !== undefined &&
    uriVault.toLowerCase() !== idVault.toLowerCase()
  ) {
    problems.push(`tlsCertificateUri is in vault ${uriVault}, but keyVaultId names vault ${idVault}`);
  }
  for (const key of ["tlsCertificateUri", "keyVaultId", "dnsZoneId"] as const) {
    const value = parsed[key];
    if (value !== undefined && isPlaceholder(value)) {
      problems.push(
        placeholderProblem(key, value, `pulumi config set --path azure.${key} <value> --stack azure`),
      );
    }
  }
  checkRanges(parsed, problems);
  checkEventHubs(parsed, problems);
  if (problems.length > 0) throw new AzureConfigError(problems);
  return parsed;
}

/** Reads `event-ingestor:azure` (and `azure-native:location`) from the current stack. */
export function loadAzureConfig(): AzureConfig {
  return parseAzureConfig(
    new pulumi.Config().getObject<unknown>("azure"),
    new pulumi.Config("azure-native").get("location"),
  );
}
