import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { promiseOf, RecordingMocks } from "@event-ingestor/platform/testing";
import type { GcpPlatform } from "./index.js";
import { GCP_FAKE, gcpProviderFakes } from "./testing.js";

const { project, accessToken } = GCP_FAKE;
const fakes = gcpProviderFakes();
const mocks = new RecordingMocks(fakes.resources, fakes.invokes);

const CLUSTER = "gcp:container/cluster:Cluster";
const NODE_POOL = "gcp:container/nodePool:NodePool";
const REPOSITORY = "gcp:artifactregistry/repository:Repository";
const PROJECT_IAM = "gcp:projects/iAMMember:IAMMember";
const PREVIEW_MEMBER = `serviceAccount:github-preview@${project}.iam.gserviceaccount.com`;

let platform: GcpPlatform;
let minimal: GcpPlatform;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  const { createPlatform, parseGcpConfig } = await import("./index.js");
  platform = createPlatform(
    { name: "event-ingestor", namespace: "ingestor", serviceAccountName: "event-ingestor" },
    parseGcpConfig({}, { project, region: "europe-west1" }),
  );
  minimal = createPlatform(
    { name: "other", namespace: "apps", serviceAccountName: "other" },
    parseGcpConfig(
      {
        enableApis: false,
        deletionProtection: true,
        releaseChannel: "STABLE",
        clusterLocation: "europe-west1-b",
        apiAuthorizedCidrs: ["203.0.113.0/24", "198.51.100.7/32"],
        previewMembers: [PREVIEW_MEMBER],
      },
      { project, region: "europe-west1" },
    ),
  );
  // Every resource has registered once the outputs that depend on all of them have resolved.
  await Promise.all(
    [platform, minimal].flatMap((p) => [
      promiseOf(p.outputs.kubeconfig),
      promiseOf(p.outputs.credentialsCommand),
      promiseOf(p.registry.password),
      ...p.dependsOn.map((r) => promiseOf(r.urn)),
    ]),
  );
});

describe("pull-request previews", () => {
  it("give configured members Kubernetes Engine Viewer on the project, and nobody else", () => {
    expect(mocks.named(PROJECT_IAM, "other-preview-viewer-0").inputs).toEqual({
      project,
      role: "roles/container.viewer",
      member: PREVIEW_MEMBER,
    });
    const viewers = mocks.ofType(PROJECT_IAM).filter((r) => r.inputs["role"] === "roles/container.viewer");
    expect(viewers.map((r) => r.name)).toEqual(["other-preview-viewer-0"]);
  });
});

describe("GKE nodes", () => {
  it("are private: the cluster enables private nodes and the pool joins the custom subnetwork", () => {
    const cluster = mocks.named(CLUSTER, "event-ingestor").inputs;
    expect(cluster).toMatchObject({
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
      subnetwork: "event-ingestor-nodes-id",
      network: "event-ingestor-vpc-id",
      networkingMode: "VPC_NATIVE",
    });
    expect(mocks.named(NODE_POOL, "event-ingestor-default").inputs["cluster"]).toBe("event-ingestor");
  });

  it("reach the internet only through Cloud NAT on their subnetwork", () => {
    const nat = mocks.named("gcp:compute/routerNat:RouterNat", "event-ingestor-nat").inputs;
    expect(nat).toMatchObject({
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetworks: [{ name: "event-ingestor-nodes-id", sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
      router: "event-ingestor-router",
    });
  });

  it("use VPC-native secondary ranges for pods and services", () => {
    const subnet = mocks.named("gcp:compute/subnetwork:Subnetwork", "event-ingestor-nodes").inputs;
    expect(subnet["secondaryIpRanges"]).toEqual([
      { rangeName: "pods", ipCidrRange: "10.16.0.0/14" },
      { rangeName: "services", ipCidrRange: "10.20.0.0/20" },
    ]);
    expect(subnet["privateIpGoogleAccess"]).toBe(true);
    expect(mocks.named(CLUSTER, "event-ingestor").inputs["ipAllocationPolicy"]).toEqual({
      clusterSecondaryRangeName: "pods",
      servicesSecondaryRangeName: "services",
    });
  });

  it("run as a dedicated service account holding only the logging and monitoring roles", () => {
    const nodeEmail = `event-ingestor-nodes@${project}.iam.gserviceaccount.com`;
    const pool = mocks.named(NODE_POOL, "event-ingestor-default").inputs;
    expect(pool["nodeConfig"]).toMatchObject({
      serviceAccount: nodeEmail,
      workloadMetadataConfig: { mode: "GKE_METADATA" },
      shieldedInstanceConfig: { enableSecureBoot: true },
    });
    // The short-lived default pool GKE creates with the cluster runs as the same account.
    expect(mocks.named(CLUSTER, "event-ingestor").inputs["nodeConfig"]).toMatchObject({
      serviceAccount: nodeEmail,
    });
    const roles = mocks
      .ofType("gcp:projects/iAMMember:IAMMember")
      .filter((r) => r.inputs["member"] === `serviceAccount:${nodeEmail}`)
      .map((r) => r.inputs["role"]);
    expect(roles.sort()).toEqual([
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "roles/monitoring.viewer",
      "roles/stackdriver.resourceMetadata.writer",
    ]);
  });
});

describe("GKE cluster", () => {
  it("uses workload identity, the configured release channel and Dataplane V2", () => {
    expect(mocks.named(CLUSTER, "event-ingestor").inputs).toMatchObject({
      workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
      releaseChannel: { channel: "REGULAR" },
      datapathProvider: "ADVANCED_DATAPATH",
      removeDefaultNodePool: true,
      deletionProtection: false,
    });
    expect(mocks.named(CLUSTER, "other").inputs).toMatchObject({
      releaseChannel: { channel: "STABLE" },
      deletionProtection: true,
      location: "europe-west1-b",
    });
  });

  it("lets only the authorized networks reach the public control-plane endpoint (any address by default)", () => {
    expect(mocks.named(CLUSTER, "event-ingestor").inputs["masterAuthorizedNetworksConfig"]).toEqual({
      cidrBlocks: [{ cidrBlock: "0.0.0.0/0", displayName: "0.0.0.0/0" }],
    });
    expect(mocks.named(CLUSTER, "other").inputs["masterAuthorizedNetworksConfig"]).toEqual({
      cidrBlocks: [
        { cidrBlock: "203.0.113.0/24", displayName: "203.0.113.0/24" },
        { cidrBlock: "198.51.100.7/32", displayName: "198.51.100.7/32" },
      ],
    });
    // Public endpoint, private nodes: the authorized networks above are the control plane's only filter.
    expect(mocks.named(CLUSTER, "other").inputs["privateClusterConfig"]).toEqual({
      enablePrivateNodes: true,
      enablePrivateEndpoint: false,
    });
  });

  it("enables the project's APIs only when enableApis is on", () => {
    const services = mocks.ofType("gcp:projects/service:Service");
    expect(services.map((s) => s.inputs["service"]).sort()).toEqual([
      "artifactregistry.googleapis.com",
      "compute.googleapis.com",
      "container.googleapis.com",
      "iam.googleapis.com",
    ]);
    expect(services.every((s) => s.name.startsWith("event-ingestor-"))).toBe(true);
  });
});

describe("Artifact Registry", () => {
  it("is a Docker repository with cleanup rules that are enforced, not dry-run", () => {
    const repo = mocks.named(REPOSITORY, "event-ingestor-images").inputs;
    expect(repo).toMatchObject({
      format: "DOCKER",
      location: "europe-west1",
      repositoryId: "event-ingestor",
      cleanupPolicyDryRun: false,
      dockerConfig: { immutableTags: true },
    });
    expect(repo["cleanupPolicies"]).toEqual([
      { id: "delete-old", action: "DELETE", condition: { tagState: "ANY", olderThan: `${30 * 86_400}s` } },
      { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 10 } },
    ]);
  });

  it("keeps the build cache in a repository of its own whose tags may move, the nodes not reading it", async () => {
    expect(mocks.named(REPOSITORY, "event-ingestor-cache").inputs).toMatchObject({
      repositoryId: "event-ingestor-cache",
      format: "DOCKER",
      dockerConfig: { immutableTags: false },
      cleanupPolicyDryRun: false,
    });
    expect(await promiseOf(platform.registry.cacheRef)).toBe(
      `europe-west1-docker.pkg.dev/${project}/event-ingestor-cache/event-ingestor:buildcache`,
    );
  });

  it("lets the node service account pull, on this repository only", () => {
    const reader = mocks.named(
      "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
      "event-ingestor-images-node-reader",
    ).inputs;
    expect(reader).toMatchObject({
      repository: "event-ingestor",
      role: "roles/artifactregistry.reader",
      member: `serviceAccount:event-ingestor-nodes@${project}.iam.gserviceaccount.com`,
    });
  });

  it("is pushed to with the deployer's access token, kept secret", async () => {
    expect(await promiseOf(platform.registry.server)).toBe("europe-west1-docker.pkg.dev");
    expect(await promiseOf(platform.registry.repositoryUrl)).toBe(
      `europe-west1-docker.pkg.dev/${project}/event-ingestor/event-ingestor`,
    );
    expect(await promiseOf(platform.registry.username)).toBe("oauth2accesstoken");
    expect(await promiseOf(platform.registry.password)).toBe(accessToken);
    expect(await pulumi.isSecret(platform.registry.password)).toBe(true);
  });
});

describe("workload identity", () => {
  it("lets only the ingestor's Kubernetes ServiceAccount impersonate its Google service account", () => {
    const binding = mocks.named(
      "gcp:serviceaccount/iAMMember:IAMMember",
      "event-ingestor-workload-identity-user",
    ).inputs;
    expect(binding).toEqual({
      serviceAccountId: `projects/${project}/serviceAccounts/event-ingestor-app@${project}.iam.gserviceaccount.com`,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${project}.svc.id.goog[ingestor/event-ingestor]`,
    });
  });

  it("annotates the ServiceAccount with the Google service account's email", async () => {
    const annotation = platform.serviceAccountAnnotations["iam.gke.io/gcp-service-account"];
    expect(annotation).toBeDefined();
    expect(await promiseOf(pulumi.output(annotation))).toBe(
      `event-ingestor-app@${project}.iam.gserviceaccount.com`,
    );
  });
});

describe("with an external Kafka (createManagedKafka not called)", () => {
  it("creates no Managed Kafka cluster, topic, API or client grant", () => {
    expect(mocks.resources.filter((r) => r.type.startsWith("gcp:managedkafka/"))).toEqual([]);
    expect(mocks.ofType("gcp:projects/service:Service").map((s) => s.inputs["service"])).not.toContain(
      "managedkafka.googleapis.com",
    );
    expect(
      mocks
        .ofType("gcp:projects/iAMMember:IAMMember")
        .filter((g) => g.inputs["role"] === "roles/managedkafka.client"),
    ).toEqual([]);
  });
});

describe("the returned platform", () => {
  it("asks for GCE ingress, needs no pod labels and makes the app wait for nodes and IAM", async () => {
    expect(platform.ingressFlavour).toBe("gce");
    expect(platform.podLabels).toEqual({});
    const urns = await Promise.all(platform.dependsOn.map((r) => promiseOf(r.urn)));
    expect(urns.map((urn) => urn.split("::").slice(-2).join("::"))).toEqual([
      expect.stringMatching(/gcp:container\/nodePool:NodePool::event-ingestor-default$/),
      expect.stringMatching(/RepositoryIamMember::event-ingestor-images-node-reader$/),
      expect.stringMatching(
        /gcp:serviceaccount\/iAMMember:IAMMember::event-ingestor-workload-identity-user$/,
      ),
    ]);
  });

  it("hands out a secret kubeconfig that authenticates through gke-gcloud-auth-plugin", async () => {
    expect(await pulumi.isSecret(platform.outputs.kubeconfig)).toBe(true);
    const kubeconfig: unknown = JSON.parse(await promiseOf(platform.outputs.kubeconfig));
    expect(kubeconfig).toMatchObject({
      clusters: [
        { cluster: { server: "https://203.0.113.10", "certificate-authority-data": "LS0tLS1CRUdJTi1DQQ==" } },
      ],
      users: [{ user: { exec: { command: "gke-gcloud-auth-plugin", provideClusterInfo: true } } }],
    });
  });

  it("reports the cluster name and the gcloud command that fetches credentials", async () => {
    expect(await promiseOf(minimal.outputs.clusterName)).toBe("other");
    expect(await promiseOf(minimal.outputs.credentialsCommand)).toBe(
      `gcloud container clusters get-credentials other --location europe-west1-b --project ${project}`,
    );
  });
});
