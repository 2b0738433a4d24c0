import { describe, expect, it } from "vitest";
import { GcpConfigError, parseGcpConfig } from "./config.js";
import { serviceAccountId } from "./identity.js";
import { kafkaClusterId } from "./kafka.js";

const provider = { project: "acme-ingest", region: "europe-west1" };

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof GcpConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a GcpConfigError");
}

describe("parseGcpConfig", () => {
  it("fills every setting from the documented defaults and runs the cluster in the region", () => {
    // Literals, not gcpConfigDefaults: changing a default (the control plane's exposure most of all) must fail here.
    expect(parseGcpConfig(undefined, provider)).toEqual({
      project: "acme-ingest",
      region: "europe-west1",
      clusterLocation: "europe-west1",
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
      // None: preview identities get no Kubernetes access unless named.
      previewMembers: [],
      imageKeepCount: 10,
      imageMaxAgeDays: 30,
      immutableTags: true,
      enableApis: true,
      dnsManagedZone: undefined,
      kafkaVcpuCount: 3,
      kafkaMemoryGib: 6,
    });
    // gcp:region unset: the documented default region.
    expect(parseGcpConfig({}, { project: "acme-ingest" })).toMatchObject({
      region: "europe-west1",
      clusterLocation: "europe-west1",
    });
  });

  it("accepts values set as strings by `pulumi config set --path`", () => {
    const config = parseGcpConfig({ nodeMaxPerZone: "5", spotNodes: "true" }, provider);
    expect(config.nodeMaxPerZone).toBe(5);
    expect(config.spotNodes).toBe(true);
  });

  it("lists every problem at once, including a missing gcp:project", () => {
    const problems = problemsOf(() =>
      parseGcpConfig(
        {
          releaseChannel: "BETA",
          nodeMinPerZone: 4,
          nodeMaxPerZone: 2,
          subnetCidr: "10.0.0.0",
          colour: "blue",
        },
        { region: "europe-west1" },
      ),
    );
    expect(problems).toEqual([
      "colour is not a known setting",
      "gcp:project must be set to a project id, got undefined",
      'subnetCidr must match ^\\d{1,3}(\\.\\d{1,3}){3}\\/\\d{1,2}$, got "10.0.0.0"',
      'releaseChannel must be one of RAPID, REGULAR, STABLE, got "BETA"',
      "nodeMinPerZone must not exceed nodeMaxPerZone",
    ]);
  });

  it("rejects a cluster location or node zone outside the region", () => {
    const problems = problemsOf(() =>
      parseGcpConfig({ clusterLocation: "us-east1-b", nodeZones: ["us-east1-c"] }, provider),
    );
    expect(problems).toEqual([
      "clusterLocation us-east1-b must be europe-west1 or one of its zones",
      "nodeZones entry us-east1-c is not in europe-west1",
    ]);
  });
});

describe("Managed Kafka sizing", () => {
  it("keeps memory within 1 to 8 GiB per vCPU and vCPUs at the service's minimum of 3 or more", () => {
    expect(parseGcpConfig({ kafkaVcpuCount: 4, kafkaMemoryGib: 32 }, provider)).toMatchObject({
      kafkaVcpuCount: 4,
      kafkaMemoryGib: 32,
    });
    expect(problemsOf(() => parseGcpConfig({ kafkaVcpuCount: 3, kafkaMemoryGib: 25 }, provider))).toEqual([
      "kafkaMemoryGib must be 1 to 8 GiB per vCPU (3 to 24 for kafkaVcpuCount 3), got 25",
    ]);
    expect(problemsOf(() => parseGcpConfig({ kafkaVcpuCount: 2 }, provider))).toEqual([
      "kafkaVcpuCount must be an integer from 3 to 1000, got 2",
    ]);
  });
});

describe("kafkaClusterId", () => {
  it("is an RFC 1035 label of at most 63 characters ending in -kafka", () => {
    expect(kafkaClusterId("event-ingestor")).toBe("event-ingestor-kafka");
    expect(kafkaClusterId("9_Apps.Prod")).toBe("apps-prod-kafka");
    const long = kafkaClusterId("x".repeat(80));
    expect(long).toBe(`${"x".repeat(57)}-kafka`);
    expect(long).toHaveLength(63);
  });
});

describe("serviceAccountId", () => {
  it("keeps the suffix and stays within GCP's 30-character limit", () => {
    const id = serviceAccountId("a-rather-long-event-ingestor-name", "-nodes");
    expect(id).toBe("a-rather-long-event-inge-nodes");
    expect(id).toHaveLength(30);
  });

  it("never leaves a double hyphen where the base was cut", () => {
    expect(serviceAccountId("abcdefghijklmnopqrstuvwx-yz", "-nodes")).toBe("abcdefghijklmnopqrstuvwx-nodes");
    expect(serviceAccountId("abcdefghijklmnopqrstuvw-xyz", "-nodes")).toBe("abcdefghijklmnopqrstuvw-nodes");
  });

  it("refuses the stack file's placeholder project with the command that sets a real one", () => {
    expect(() => parseGcpConfig({}, { project: "my-gcp-project" })).toThrow(
      'gcp:project is still the placeholder "my-gcp-project": set it with `pulumi config set gcp:project <your-project-id> --stack gcp`',
    );
  });

  it("takes IAM members for preview access and refuses a bare email", () => {
    const members = [
      "serviceAccount:github-preview@acme-ingest.iam.gserviceaccount.com",
      "group:reviewers@example.org",
      "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/attribute.repository/acme/ingestor",
    ];
    expect(parseGcpConfig({ previewMembers: members }, provider).previewMembers).toEqual(members);
    const problems = problemsOf(() => parseGcpConfig({ previewMembers: ["ci@example.org"] }, provider));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^previewMembers must be a list of strings matching .+, got \["ci@example.org"\]$/,
    );
  });
});
