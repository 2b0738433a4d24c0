import { describe, expect, it } from "vitest";
import type { IngressArgs } from "../args.js";
import { byKind, settingsOf, spec } from "../../test/fixtures.js";
import { buildObjects } from "../build.js";
import { commonLabels } from "../labels.js";
import { buildBackendConfig } from "./backendConfig.js";
import { buildIngress } from "./ingress.js";
import { buildService } from "./service.js";

const ingressOf = (ingress: IngressArgs, config?: Record<string, string>) =>
  buildIngress(
    settingsOf(spec({ ingress, ...(config === undefined ? {} : { config }) })),
    ingress.annotations ?? {},
  );

const annotationsOf = (ingress: IngressArgs) => ingressOf(ingress)?.metadata.annotations ?? {};

describe("buildIngress", () => {
  it("creates no Ingress for the none flavour or when ingress is not set", () => {
    expect(ingressOf({ flavour: "none" })).toBeUndefined();
    expect(buildIngress(settingsOf(spec({})), {})).toBeUndefined();
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

  it("gce: the Service asks for container-native load balancing (NEG) and names its BackendConfig", () => {
    const service = buildService(settingsOf(spec({ ingress: { flavour: "gce" } })));
    expect(service.metadata.annotations).toEqual({
      "cloud.google.com/neg": '{"ingress":true}',
      "cloud.google.com/backend-config": '{"default":"event-ingestor"}',
    });
    expect(buildService(settingsOf(spec({}))).metadata).not.toHaveProperty("annotations");
    expect(buildService(settingsOf(spec({ ingress: { flavour: "alb" } }))).metadata).not.toHaveProperty(
      "annotations",
    );
  });

  it("gce: a BackendConfig health-checks GET /readyz on the container port, as often as readiness", () => {
    expect(buildBackendConfig(settingsOf(spec({ ingress: { flavour: "gce" } })))).toEqual({
      apiVersion: "cloud.google.com/v1",
      kind: "BackendConfig",
      metadata: {
        name: "event-ingestor",
        namespace: "ingest",
        labels: commonLabels({ appName: "event-ingestor", labels: {} }),
      },
      spec: {
        healthCheck: {
          type: "HTTP",
          requestPath: "/readyz",
          port: 8080,
          checkIntervalSec: 5,
          timeoutSec: 2,
          healthyThreshold: 1,
          unhealthyThreshold: 2,
        },
      },
    });
  });

  it("gce: the Service's BackendConfig is in the plan, checking the path and port the pods serve readiness on", () => {
    const objects = buildObjects(spec({ ingress: { flavour: "gce" } }));
    const backend = byKind(objects, "BackendConfig");
    const reference: unknown = JSON.parse(
      byKind(objects, "Service").metadata?.annotations?.["cloud.google.com/backend-config"] ?? "{}",
    );
    expect(reference).toEqual({ default: backend.metadata.name });
    const [container] = byKind(objects, "Deployment").spec?.template.spec?.containers ?? [];
    expect(container?.readinessProbe?.httpGet?.path).toBe(backend.spec.healthCheck.requestPath);
    expect(container?.ports?.[0]?.containerPort).toBe(backend.spec.healthCheck.port);
    expect(objects.map((o) => o.kind).indexOf("BackendConfig")).toBeLessThan(
      objects.map((o) => o.kind).indexOf("Service"),
    );
  });

  it("creates a BackendConfig for gce only", () => {
    for (const flavour of ["alb", "azure-approuting", "nginx", "none"] as const) {
      expect(buildBackendConfig(settingsOf(spec({ ingress: { flavour } }))), flavour).toBeUndefined();
    }
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
