import { describe, expect, it } from "vitest";
import type { IngressArgs } from "../args.js";
import { settingsOf, spec } from "../../test/fixtures.js";
import { buildIngress } from "./ingress.js";
import { buildService } from "./service.js";

const ingressOf = (ingress: IngressArgs, config?: Record<string, string>) =>
  buildIngress(settingsOf(spec({ ingress, ...(config === undefined ? {} : { config }) })));

const annotationsOf = (ingress: IngressArgs) => ingressOf(ingress)?.metadata.annotations ?? {};

describe("buildIngress", () => {
  it("creates no Ingress for the none flavour or when ingress is not set", () => {
    expect(ingressOf({ flavour: "none" })).toBeUndefined();
    expect(buildIngress(settingsOf(spec({})))).toBeUndefined();
  });

  it("alb: class alb, internet-facing, IP targets, health check on /readyz", () => {
    const ingress = ingressOf({ flavour: "alb" });
    expect(ingress?.spec.ingressClassName).toBe("alb");
    expect(ingress?.metadata.annotations).toMatchObject({
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
      "alb.ingress.kubernetes.io/target-group-attributes": "deregistration_delay.timeout_seconds=25",
    });
  });

  it("alb with TLS: HTTPS listener, redirect, certificate found from the host", () => {
    const ingress = ingressOf({ flavour: "alb", host: "events.example.com", tls: {} });
    expect(ingress?.metadata.annotations).toMatchObject({
      "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
      "alb.ingress.kubernetes.io/ssl-redirect": "443",
    });
    expect(ingress?.spec.tls).toEqual([{ hosts: ["events.example.com"] }]);
  });

  it("gce: chosen by the kubernetes.io/ingress.class annotation, no ingressClassName", () => {
    const ingress = ingressOf({ flavour: "gce" });
    expect(ingress?.metadata.annotations).toMatchObject({ "kubernetes.io/ingress.class": "gce" });
    expect(ingress?.spec).not.toHaveProperty("ingressClassName");
    expect(annotationsOf({ flavour: "gce" })).not.toHaveProperty("kubernetes.io/ingress.allow-http");
  });

  it("gce with a TLS secret serves HTTPS only", () => {
    const ingress = ingressOf({ flavour: "gce", host: "e.example.com", tls: { secretName: "e-tls" } });
    expect(ingress?.metadata.annotations).toMatchObject({ "kubernetes.io/ingress.allow-http": "false" });
    expect(ingress?.spec.tls).toEqual([{ hosts: ["e.example.com"], secretName: "e-tls" }]);
  });

  it("gce: the Service asks for container-native load balancing (NEG)", () => {
    const service = buildService(settingsOf(spec({ ingress: { flavour: "gce" } })));
    expect(service.metadata.annotations).toEqual({ "cloud.google.com/neg": '{"ingress":true}' });
    expect(buildService(settingsOf(spec({}))).metadata).not.toHaveProperty("annotations");
  });

  it("azure-approuting: the AKS application routing class", () => {
    expect(ingressOf({ flavour: "azure-approuting" })?.spec.ingressClassName).toBe(
      "webapprouting.kubernetes.azure.com",
    );
  });

  it("nginx: class nginx, body limit from MAX_BODY_BYTES, HTTPS redirect with TLS", () => {
    expect(ingressOf({ flavour: "nginx" })?.spec.ingressClassName).toBe("nginx");
    expect(annotationsOf({ flavour: "nginx" })["nginx.ingress.kubernetes.io/proxy-body-size"]).toBe(
      "1048576",
    );
    const big = ingressOf({ flavour: "nginx" }, { KAFKA_BROKERS: "k:9092", MAX_BODY_BYTES: "2097152" });
    expect(big?.metadata.annotations?.["nginx.ingress.kubernetes.io/proxy-body-size"]).toBe("2097152");
    const tls = annotationsOf({ flavour: "nginx", host: "e.example.com", tls: { secretName: "t" } });
    expect(tls["nginx.ingress.kubernetes.io/ssl-redirect"]).toBe("true");
  });

  it("a className and annotations given by the caller win over the flavour's", () => {
    const ingress = ingressOf({
      flavour: "alb",
      className: "eks-auto-alb",
      annotations: { "alb.ingress.kubernetes.io/scheme": "internal" },
    });
    expect(ingress?.spec.ingressClassName).toBe("eks-auto-alb");
    expect(ingress?.metadata.annotations?.["alb.ingress.kubernetes.io/scheme"]).toBe("internal");
  });

  it("routes only /events to the Service: metrics and probes are not published", () => {
    const ingress = ingressOf({ flavour: "nginx", host: "e.example.com" });
    expect(ingress?.spec.rules).toEqual([
      {
        host: "e.example.com",
        http: {
          paths: [
            {
              path: "/events",
              pathType: "Prefix",
              backend: { service: { name: "event-ingestor", port: { name: "http" } } },
            },
          ],
        },
      },
    ]);
  });
});
