// The gcp stack with app.tls under mocks: the app's component creates the cloud's TLS objects before the
// Ingress, exactly as `render` prints them; the address is the reserved IP.
import { buildObjects } from "@event-ingestor/k8s-app";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { renderSpec } from "./render-spec.ts";
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

const stackConfig = { kafka: kafkaConfig, imageTag: "test-tag", app: { host, tls: true } };
const TLS_KINDS = ["ManagedCertificate", "FrontendConfig"];
const typeOf = (kind: string) =>
  kind === "ManagedCertificate"
    ? "kubernetes:networking.gke.io/v1:ManagedCertificate"
    : "kubernetes:networking.gke.io/v1beta1:FrontendConfig";

let program: typeof ProgramModule;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  setStackConfig(stackConfig, { ...kafkaSecrets });
  pulumi.runtime.setConfig("gcp:project", project);
  pulumi.runtime.setConfig("gcp:region", region);
  program = await import("./index.ts");
  await pulumi.runtime.disconnect();
});

describe("gcp stack with app.tls (mocked)", () => {
  it("names the reserved IP, the managed certificate and the HTTPS redirect on the Ingress, and awaits it", () => {
    const ingress = mocks.one("kubernetes:networking.k8s.io/v1:Ingress").inputs;
    // No pulumi.com/skipAwait: the objects it names exist before it, so GKE programs the load balancer.
    expect(ingress).toHaveProperty(["metadata", "annotations"], {
      "kubernetes.io/ingress.class": "gce",
      "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
      "networking.gke.io/managed-certificates": "event-ingestor-cert",
      "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
    });
  });

  it("registers the ManagedCertificate and FrontendConfig in the app's component, before the Ingress", () => {
    const ingress = mocks.one("kubernetes:networking.k8s.io/v1:Ingress");
    const names = { ManagedCertificate: "event-ingestor-cert", FrontendConfig: "event-ingestor-https" };
    for (const [kind, name] of Object.entries(names)) {
      const object = mocks.one(typeOf(kind));
      // The component's naming (<app>-<kind>-<object>), so the component created it, not the cloud package.
      expect(object.name).toBe(`event-ingestor-${kind.toLowerCase()}-${name}`);
      expect(object.inputs).toHaveProperty(["metadata", "namespace"], "event-ingestor");
      expect(object.finished).toBeLessThan(ingress.started);
    }
    expect(mocks.one(typeOf("ManagedCertificate")).inputs).toHaveProperty(["spec", "domains"], [host]);
  });

  it("registers exactly the TLS objects `render` prints for the same stack config, with equal specs", () => {
    const stackFile = stringify({
      config: Object.fromEntries(Object.entries(stackConfig).map(([k, v]) => [`event-ingestor:${k}`, v])),
    });
    const rendered = buildObjects(renderSpec("gcp", stackFile).spec).filter((o) =>
      TLS_KINDS.includes(o.kind),
    );
    expect(rendered.map((o) => o.kind)).toEqual(TLS_KINDS);
    for (const object of rendered) {
      const { apiVersion, kind, metadata, spec } = mocks.one(typeOf(object.kind)).inputs;
      expect({ apiVersion, kind, metadata, spec }).toEqual(object);
    }
  });

  it("exports the reserved IP as the service address and an https URL for the host", async () => {
    expect(await promiseOf(program.serviceAddress)).toBe("203.0.113.80");
    expect(await promiseOf(program.serviceUrl)).toBe(`https://${host}/events`);
  });
});
