// Every rendered object validates against the Kubernetes OpenAPI schema of Kubernetes v1.36 (the schema
// kubernetes-models 5.x is generated from; pinned by the exact version in package.json) and the
// ServiceMonitor against the prometheus-operator CRD schema (@kubernetes-models/prometheus-operator 6.0.0).
// GKE's BackendConfig has no pinned model: its health-check fields and the Compute API's bounds, by hand.
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describe, expect, it } from "vitest";
import { Job } from "kubernetes-models/batch/v1/Job";
import { buildObjects, isKubeObject, type RenderedObject } from "./build.js";
import type { BackendConfigObject } from "./builders/backendConfig.js";
import { INGRESS_FLAVOURS } from "./flavours.js";
import { isDns1123Label, isInt, isPort } from "./validate/checks.js";
import { byKind, DEFAULT_SPEC, FULL_SPEC, spec } from "../test/fixtures.js";

const HEALTH_CHECK_FIELDS = [
  "checkIntervalSec",
  "timeoutSec",
  "healthyThreshold",
  "unhealthyThreshold",
  "type",
  "requestPath",
  "port",
];

/** The BackendConfig CRD's healthCheck fields (cloud.google.com/v1) and the Compute health-check bounds. */
function validateBackendConfig(o: BackendConfigObject): void {
  const hc = o.spec.healthCheck;
  const problems = [
    ...Object.keys(o.spec).filter((k) => k !== "healthCheck"),
    ...Object.keys(hc).filter((k) => !HEALTH_CHECK_FIELDS.includes(k)),
    ...(isDns1123Label(o.metadata.name) ? [] : ["metadata.name"]),
    ...(["HTTP", "HTTPS", "HTTP2"].includes(hc.type) ? [] : ["type"]),
    ...(hc.requestPath.startsWith("/") ? [] : ["requestPath"]),
    ...(isPort(hc.port) ? [] : ["port"]),
    ...(["checkIntervalSec", "timeoutSec", "healthyThreshold", "unhealthyThreshold"] as const).filter(
      (k) => !isInt(hc[k]) || hc[k] < 1,
    ),
    ...(hc.timeoutSec <= hc.checkIntervalSec ? [] : ["timeoutSec above checkIntervalSec"]),
  ];
  if (problems.length > 0) throw new Error(`BackendConfig: invalid ${problems.join(", ")}`);
}

/**
 * Validates with the model for the object's kind; throws the schema error otherwise. The managed Prometheus
 * scrape objects (GKE, Azure) have no pinned model: their fields are checked in objects.test.ts. The caller's
 * Ingress prerequisites are its own CRs: none is rendered in these cases.
 */
function validate(o: RenderedObject): void {
  if (!isKubeObject(o)) throw new Error(`unexpected prerequisite ${o.kind}`);
  switch (o.kind) {
    case "Namespace":
      new Namespace(o).validate();
      return;
    case "ServiceAccount":
      new ServiceAccount(o).validate();
      return;
    case "ConfigMap":
      new ConfigMap(o).validate();
      return;
    case "Secret":
      new Secret(o).validate();
      return;
    case "Service":
      new Service(o).validate();
      return;
    case "Deployment":
      new Deployment(o).validate();
      return;
    case "Job":
      new Job(o).validate();
      return;
    case "HorizontalPodAutoscaler":
      new HorizontalPodAutoscaler(o).validate();
      return;
    case "PodDisruptionBudget":
      new PodDisruptionBudget(o).validate();
      return;
    case "NetworkPolicy":
      new NetworkPolicy(o).validate();
      return;
    case "Ingress":
      new Ingress(o).validate();
      return;
    case "ServiceMonitor":
      new ServiceMonitor(o).validate();
      return;
    case "BackendConfig":
      validateBackendConfig(o);
      return;
    case "PodMonitoring":
    case "PodMonitor":
      return;
  }
}

const CURRENT_API_VERSIONS = new Set([
  "v1",
  "apps/v1",
  "batch/v1",
  "autoscaling/v2",
  "policy/v1",
  "networking.k8s.io/v1",
  "monitoring.coreos.com/v1",
  "cloud.google.com/v1",
]);

const cases: [string, RenderedObject[]][] = [
  ["default render arguments", buildObjects(DEFAULT_SPEC)],
  ["examples/full.yaml", buildObjects(FULL_SPEC)],
  ...INGRESS_FLAVOURS.map((flavour): [string, RenderedObject[]] => [
    `ingress ${flavour} with TLS and a network policy`,
    buildObjects(
      spec({
        ingress: {
          flavour,
          host: "events.example.com",
          tls: flavour === "alb" ? {} : { secretName: "events-tls" },
        },
        networkPolicy: { enabled: true },
        autoscaling: { enabled: false },
        replicas: 3,
        createNamespace: false,
      }),
    ),
  ]),
];

describe("schema validation (Kubernetes 1.36 OpenAPI)", () => {
  it.each(cases)("every object rendered for %s validates", (_name, objects) => {
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(
        () => {
          validate(o);
        },
        `${o.kind} ${o.metadata?.name ?? ""}`,
      ).not.toThrow();
    }
  });

  it.each(cases)("every object rendered for %s uses a current API version", (_name, objects) => {
    for (const o of objects)
      expect(CURRENT_API_VERSIONS.has(o.apiVersion), `${o.kind} ${o.apiVersion}`).toBe(true);
  });

  it("the full example renders every built-in kind the component can create, the topics Job included", () => {
    expect(buildObjects(FULL_SPEC).map((o) => o.kind)).toEqual([
      "Namespace",
      "ServiceAccount",
      "ServiceAccount",
      "ConfigMap",
      "ConfigMap",
      "Secret",
      "Service",
      "NetworkPolicy",
      "Job",
      "Deployment",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "NetworkPolicy",
      "Ingress",
      "ServiceMonitor",
    ]);
  });

  it("the validator rejects a broken object, so the checks above can fail", () => {
    const deployment = byKind(buildObjects(DEFAULT_SPEC), "Deployment");
    if (deployment.spec === undefined) throw new Error("the Deployment has no spec");
    // TypeScript allows any number; the schema wants an int32.
    const broken = new Deployment({ ...deployment, spec: { ...deployment.spec, replicas: 1.5 } });
    expect(() => {
      broken.validate();
    }).toThrow(/replicas must be integer/);
    const gce = byKind(buildObjects(spec({ ingress: { flavour: "gce" } })), "BackendConfig");
    const slow = { ...gce.spec.healthCheck, timeoutSec: 10, port: 0 };
    expect(() => {
      validateBackendConfig({ ...gce, spec: { healthCheck: slow } });
    }).toThrow("BackendConfig: invalid port, timeoutSec above checkIntervalSec");
  });
});
