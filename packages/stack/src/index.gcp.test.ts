import { describe, expect, it, vi } from "vitest";
import { describeProgram } from "../test/program-suite.ts";
import { GCP_FAKE, gcpProviderFakes } from "@event-ingestor/infra-gcp/testing";
import { ProgramMocks } from "../test/program.ts";

const loads = vi.hoisted(() => ({ aws: 0, azure: 0 }));
vi.mock("@event-ingestor/infra-aws", () => {
  loads.aws++;
  return {};
});
vi.mock("@event-ingestor/infra-azure", () => {
  loads.azure++;
  return {};
});

const { project, region, accessToken } = GCP_FAKE;
const fakes = gcpProviderFakes();
const mocks = new ProgramMocks(fakes.resources, fakes.invokes);

describeProgram(mocks, {
  cloud: "gcp",
  config: { "gcp:project": project, "gcp:region": region },
  registry: {
    repositoryUrl: `${region}-docker.pkg.dev/${project}/event-ingestor/event-ingestor`,
    server: `${region}-docker.pkg.dev`,
    username: "oauth2accesstoken",
    password: accessToken,
    cacheRef: `${region}-docker.pkg.dev/${project}/event-ingestor-cache/event-ingestor:buildcache`,
  },
  ingressClassOrAnnotation: (ingress) => {
    // GKE's controller picks Ingresses by this annotation ("gce": an external Application Load Balancer, not
    // "gce-internal") and ignores spec.ingressClassName, which stays unset.
    expect(ingress).toHaveProperty(["metadata", "annotations"], { "kubernetes.io/ingress.class": "gce" });
    expect(ingress).not.toHaveProperty(["spec", "ingressClassName"]);
  },
  identityAnnotation: [
    "iam.gke.io/gcp-service-account",
    `event-ingestor-app@${project}.iam.gserviceaccount.com`,
  ],
  podLabels: {},
});

describe("gcp stack: cloud selection", () => {
  it("loads the GCP package and neither the AWS nor the Azure one", () => {
    expect(mocks.all("gcp:container/cluster:Cluster")).toHaveLength(1);
    expect(loads).toEqual({ aws: 0, azure: 0 });
  });
});
