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
  tls.ingress.afterApp?.({ resource: app, namespace: "ingest", address: pulumi.output("") });
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

  it("names the static IP, the managed certificate and the redirecting FrontendConfig on the Ingress, without spec.tls", () => {
    expect(tls.ingress.annotations).toEqual({
      "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
      "networking.gke.io/managed-certificates": "event-ingestor-cert",
      "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
      "pulumi.com/skipAwait": "true",
    });
    expect(tls.ingress.tls).toBeUndefined();
  });

  it("creates the ManagedCertificate for the host and a FrontendConfig redirecting HTTP to HTTPS with a TLS 1.2+ policy", () => {
    const objects = mocks.ofType("kubernetes:networking.gke.io/v1:ManagedCertificate");
    expect(objects.map((o) => o.inputs)).toEqual([
      expect.objectContaining({
        metadata: { name: "event-ingestor-cert", namespace: "ingest" },
        spec: { domains: [host] },
      }),
    ]);
    const frontend = mocks.ofType("kubernetes:networking.gke.io/v1beta1:FrontendConfig");
    expect(frontend.map((o) => o.inputs)).toEqual([
      expect.objectContaining({
        metadata: { name: "event-ingestor-https", namespace: "ingest" },
        spec: {
          redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
          sslPolicy: "event-ingestor-tls12",
        },
      }),
    ]);
    expect(mocks.named("gcp:compute/sSLPolicy:SSLPolicy", "event-ingestor-tls12").inputs).toMatchObject({
      profile: "MODERN",
      minTlsVersion: "TLS_1_2",
    });
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
  it("adds nothing without TLS", () => {
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
