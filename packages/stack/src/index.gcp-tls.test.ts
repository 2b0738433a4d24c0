// The gcp stack with app.tls under mocks: the cloud's TLS objects follow the app, the address is the reserved IP.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { GCP_FAKE, gcpProviderFakes } from "@event-ingestor/infra-gcp/testing";
import type * as ProgramModule from "./index.ts";
import { kafkaConfig, kafkaSecrets, ProgramMocks, promiseOf, setStackConfig } from "../test/program.ts";

const { project, region } = GCP_FAKE;
const host = "events.acme-corp.net";
const fakes = gcpProviderFakes();
const mocks = new ProgramMocks(
  { ...fakes.resources, "gcp:compute/globalAddress:GlobalAddress": () => ({ address: "203.0.113.80" }) },
  fakes.invokes,
);

let program: typeof ProgramModule;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  setStackConfig({ kafka: kafkaConfig, imageTag: "test-tag", app: { host, tls: true } }, { ...kafkaSecrets });
  pulumi.runtime.setConfig("gcp:project", project);
  pulumi.runtime.setConfig("gcp:region", region);
  program = await import("./index.ts");
  await pulumi.runtime.disconnect();
});

describe("gcp stack with app.tls (mocked)", () => {
  it("names the reserved IP, the managed certificate and the HTTPS redirect on the Ingress", () => {
    const ingress = mocks.one("kubernetes:networking.k8s.io/v1:Ingress").inputs;
    expect(ingress).toHaveProperty(["metadata", "annotations"], {
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
      "networking.gke.io/managed-certificates": "event-ingestor-cert",
      "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
      "pulumi.com/skipAwait": "true",
    });
  });

  it("creates the ManagedCertificate and FrontendConfig in the app's namespace, after the app", () => {
    // After every object of the app, the Ingress included: dependsOn a component waits for its children.
    const ingress = mocks.one("kubernetes:networking.k8s.io/v1:Ingress");
    for (const type of [
      "kubernetes:networking.gke.io/v1:ManagedCertificate",
      "kubernetes:networking.gke.io/v1beta1:FrontendConfig",
    ]) {
      const object = mocks.one(type);
      expect(object.inputs).toHaveProperty(["metadata", "namespace"], "event-ingestor");
      expect(object.started).toBeGreaterThan(ingress.finished);
    }
    expect(mocks.one("kubernetes:networking.gke.io/v1:ManagedCertificate").inputs).toHaveProperty(
      ["spec", "domains"],
      [host],
    );
  });

  it("exports the reserved IP as the service address and an https URL for the host", async () => {
    expect(await promiseOf(program.serviceAddress)).toBe("203.0.113.80");
    expect(await promiseOf(program.serviceUrl)).toBe(`https://${host}/events`);
  });
});
