import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { promiseOf, RecordingMocks } from "@event-ingestor/platform/testing";
import type { GcpPlatform } from "./index.js";
import { gceIngress, gceIngressPrerequisites } from "./ingress.js";
import { GCP_FAKE, gcpProviderFakes } from "./testing.js";

const { project, region } = GCP_FAKE;
const host = "events.acme-corp.net";
const fakes = gcpProviderFakes();
const mocks = new RecordingMocks(
  {
    ...fakes.resources,
    "gcp:compute/globalAddress:GlobalAddress": () => ({ address: "203.0.113.80" }),
  },
  fakes.invokes,
);

let tls: GcpPlatform;
let plain: GcpPlatform;

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  const { createPlatform, parseGcpConfig } = await import("./index.js");
  tls = createPlatform(
    {
      name: "event-ingestor",
      namespace: "ingest",
      serviceAccountName: "event-ingestor",
      ingress: { name: "event-ingestor", host, tls: true },
    },
    parseGcpConfig({ dnsManagedZone: "acme-corp" }, { project, region }),
  );
  plain = createPlatform(
    {
      name: "plain",
      namespace: "ingest",
      serviceAccountName: "plain",
      ingress: { name: "plain", host: "plain.acme-corp.net", tls: false },
    },
    parseGcpConfig({ dnsManagedZone: "acme-corp" }, { project, region }),
  );
  const app = new pulumi.ComponentResource("test:index:App", "app");
  plain.ingress.afterApp?.({ resource: app, namespace: "ingest", address: pulumi.output("198.51.100.9") });
  await Promise.all([tls, plain].map((p) => promiseOf(p.outputs.credentialsCommand)));
  await pulumi.runtime.disconnect();
});

describe("GKE TLS (mocked)", () => {
  it("reserves a global static IP by a fixed name, which is the service's address", async () => {
    expect(
      mocks.named("gcp:compute/globalAddress:GlobalAddress", "event-ingestor-ingress").inputs,
    ).toMatchObject({
      project,
      name: "event-ingestor-ingress",
    });
    expect(await promiseOf(tls.ingress.address ?? pulumi.output("none"))).toBe("203.0.113.80");
    expect(plain.ingress.address).toBeUndefined();
  });

  it("names the static IP, the managed certificate and the redirecting FrontendConfig on the Ingress, without spec.tls or skipAwait", () => {
    expect(tls.ingress.annotations).toEqual({
      "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
      "networking.gke.io/managed-certificates": "event-ingestor-cert",
      "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
    });
    expect(tls.ingress.tls).toBeUndefined();
  });

  it("hands the ManagedCertificate and the FrontendConfig to the app as Ingress prerequisites and creates none itself", () => {
    expect(tls.ingress.prerequisites).toEqual(
      gceIngressPrerequisites({ name: "event-ingestor", host, tls: true }),
    );
    expect(tls.ingress.afterApp).toBeUndefined();
    expect(mocks.ofType("kubernetes:networking.gke.io/v1:ManagedCertificate")).toEqual([]);
    expect(mocks.ofType("kubernetes:networking.gke.io/v1beta1:FrontendConfig")).toEqual([]);
  });

  it("has the app wait for the reserved IP and the TLS 1.2+ SSL policy its Ingress names", async () => {
    expect(mocks.named("gcp:compute/sSLPolicy:SSLPolicy", "event-ingestor-tls12").inputs).toMatchObject({
      profile: "MODERN",
      minTlsVersion: "TLS_1_2",
    });
    const waitedFor = async (platform: GcpPlatform) =>
      (await Promise.all(platform.dependsOn.map((r) => promiseOf(r.urn))))
        .filter((urn) => urn.includes("gcp:compute/"))
        .map((urn) => urn.split("::").pop());
    expect(await waitedFor(tls)).toEqual(["event-ingestor-ingress", "event-ingestor-tls12"]);
    expect(await waitedFor(plain)).toEqual([]);
  });

  it("points the host at the load balancer in the Cloud DNS zone: the reserved IP, or the Ingress's address without TLS", () => {
    expect(mocks.named("gcp:dns/recordSet:RecordSet", "event-ingestor-host").inputs).toMatchObject({
      managedZone: "acme-corp",
      name: `${host}.`,
      type: "A",
      rrdatas: ["203.0.113.80"],
    });
    expect(mocks.named("gcp:dns/recordSet:RecordSet", "plain-host").inputs).toMatchObject({
      name: "plain.acme-corp.net.",
      rrdatas: ["198.51.100.9"],
    });
  });
});

describe("gceIngress", () => {
  it("adds nothing without TLS, no prerequisites either", () => {
    expect(gceIngress({ name: "a", host, tls: false })).toEqual({
      annotations: {},
      tls: undefined,
      namespaceLabels: {},
    });
  });
});

describe("gceIngressPrerequisites", () => {
  it("are the ManagedCertificate for the host and the redirecting FrontendConfig, without a namespace", () => {
    expect(gceIngressPrerequisites({ name: "app", host, tls: true })).toEqual([
      {
        apiVersion: "networking.gke.io/v1",
        kind: "ManagedCertificate",
        metadata: { name: "app-cert" },
        spec: { domains: [host] },
      },
      {
        apiVersion: "networking.gke.io/v1beta1",
        kind: "FrontendConfig",
        metadata: { name: "app-https" },
        spec: {
          redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
          sslPolicy: "app-tls12",
        },
      },
    ]);
  });

  it("are none without TLS", () => {
    expect(gceIngressPrerequisites({ name: "app", host, tls: false })).toEqual([]);
    expect(gceIngressPrerequisites(undefined)).toEqual([]);
  });
});
