// The objects the clouds ask for beyond the app itself: the topics Job, the managed Prometheus scrape objects,
// the Ingress prerequisites, the JSON Schemas, the Namespace-only labels and extra NetworkPolicy sources.
import { describe, expect, it } from "vitest";
import { byKind, IMAGE, settingsOf, spec } from "../../test/fixtures.js";
import { buildObjects, isKubeObject, planOf, type KubeObject } from "../build.js";
import { checksum } from "../labels.js";

const SELECTOR = {
  "app.kubernetes.io/name": "event-ingestor",
  "app.kubernetes.io/instance": "event-ingestor",
};
const ROLE = "arn:aws:iam::123456789012:role/topics";

describe("topics Job", () => {
  const objects = buildObjects(
    spec({ topicsJob: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": ROLE } } }),
  );
  const job = byKind(objects, "Job");
  const pod = job.spec?.template.spec;
  const [container] = pod?.containers ?? [];

  it("runs the ingestor's create-topics script from the app's image, with the app's ConfigMap", () => {
    expect(job.metadata?.name).toBe("event-ingestor-topics");
    expect(container?.image).toBe(IMAGE);
    expect(container?.args).toEqual(["packages/ingestor/dist/create-topics.js"]);
    expect(container?.envFrom).toEqual([{ configMapRef: { name: "event-ingestor-config" } }]);
  });

  it("runs as its own ServiceAccount, which carries the Job's cloud identity and mounts no token", () => {
    expect(pod?.serviceAccountName).toBe("event-ingestor-topics");
    expect(pod?.automountServiceAccountToken).toBe(false);
    const accounts = objects.filter((o) => o.kind === "ServiceAccount");
    expect(accounts.map((a) => [a.metadata?.name, a.metadata?.annotations])).toEqual([
      ["event-ingestor", undefined],
      ["event-ingestor-topics", { "eks.amazonaws.com/role-arn": ROLE }],
    ]);
  });

  it("is hardened like the Deployment's pods and bounded: few retries, a deadline, gone an hour after", () => {
    const deployment = byKind(objects, "Deployment").spec?.template.spec;
    expect(container?.securityContext).toEqual(deployment?.containers[0]?.securityContext);
    expect(pod?.securityContext).toEqual(deployment?.securityContext);
    expect(container?.resources).toEqual(deployment?.containers[0]?.resources);
    expect(pod?.restartPolicy).toBe("Never");
    expect(job.spec).toMatchObject({
      backoffLimit: 3,
      activeDeadlineSeconds: 600,
      ttlSecondsAfterFinished: 3600,
    });
  });

  it("carries the config checksum, so new topic settings rerun it, and is applied before the Deployment", () => {
    expect(job.spec?.template.metadata?.annotations).toEqual({
      "checksum/config": checksum({ KAFKA_BROKERS: "kafka-0.kafka:9092,kafka-1.kafka:9092" }),
    });
    const ids = planOf(spec({ topicsJob: { serviceAccountAnnotations: {} } })).map((p) => p.id);
    expect(ids.indexOf("topics")).toBeLessThan(ids.indexOf("deployment"));
  });

  it("runs pods the Service, PDB and app NetworkPolicy do not select, under a NetworkPolicy of its own", () => {
    const labels = job.spec?.template.metadata?.labels ?? {};
    expect(labels["app.kubernetes.io/instance"]).toBe("event-ingestor-topics");
    const service = byKind(objects, "Service").spec?.selector ?? {};
    expect(Object.entries(service).every(([k, v]) => labels[k] === v)).toBe(false);
    const policies = buildObjects(
      spec({ topicsJob: { serviceAccountAnnotations: {} }, networkPolicy: { enabled: true } }),
    ).filter((o): o is Extract<KubeObject, { kind: "NetworkPolicy" }> => o.kind === "NetworkPolicy");
    expect(policies.map((p) => [p.metadata?.name, p.spec?.podSelector?.matchLabels])).toEqual([
      ["event-ingestor-topics", { ...SELECTOR, "app.kubernetes.io/instance": "event-ingestor-topics" }],
      ["event-ingestor", SELECTOR],
    ]);
    expect(policies[0]?.spec).toMatchObject({
      policyTypes: ["Ingress", "Egress"],
      egress: policies[1]?.spec?.egress,
    });
    expect(policies[0]?.spec).not.toHaveProperty("ingress");
  });

  it("is not created unless asked for", () => {
    expect(buildObjects(spec({})).map((o) => o.kind)).not.toContain("Job");
  });
});

describe("metrics scrape objects", () => {
  const scrapeOf = (metricsScrape: Parameters<typeof spec>[0]["metricsScrape"]) =>
    buildObjects(spec({ metricsScrape, networkPolicy: { enabled: true } })).filter(
      (o) => isKubeObject(o) && ["ServiceMonitor", "PodMonitoring", "PodMonitor"].includes(o.kind),
    );
  const scraperFrom = (metricsScrape: Parameters<typeof spec>[0]["metricsScrape"]) =>
    byKind(buildObjects(spec({ metricsScrape, networkPolicy: { enabled: true } })), "NetworkPolicy").spec
      ?.ingress?.[1]?.from;

  it("servicemonitor: a Prometheus Operator ServiceMonitor through the Service, scraped from `monitoring`", () => {
    expect(scrapeOf({ kind: "servicemonitor", interval: "15s" })).toEqual([
      {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: expect.objectContaining({ name: "event-ingestor", namespace: "ingest" }) as unknown,
        spec: {
          selector: { matchLabels: SELECTOR },
          namespaceSelector: { matchNames: ["ingest"] },
          endpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: "15s" }],
        },
      },
    ]);
    expect(scraperFrom("servicemonitor")).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
    ]);
  });

  it("gke-podmonitoring: GKE Managed Prometheus' PodMonitoring on the pods' http port, from gmp-system", () => {
    expect(scrapeOf("gke-podmonitoring")).toEqual([
      {
        apiVersion: "monitoring.googleapis.com/v1",
        kind: "PodMonitoring",
        metadata: expect.objectContaining({ name: "event-ingestor", namespace: "ingest" }) as unknown,
        spec: {
          selector: { matchLabels: SELECTOR },
          endpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
        },
      },
    ]);
    expect(scraperFrom("gke-podmonitoring")).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "gmp-system" } } },
    ]);
  });

  it("azure-monitor: Azure Monitor's PodMonitor (azmonitoring.coreos.com/v1) with its label limits, from kube-system", () => {
    expect(scrapeOf("azure-monitor")).toEqual([
      {
        apiVersion: "azmonitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: expect.objectContaining({ name: "event-ingestor", namespace: "ingest" }) as unknown,
        spec: {
          labelLimit: 63,
          labelNameLengthLimit: 511,
          labelValueLengthLimit: 1023,
          selector: { matchLabels: SELECTOR },
          podMetricsEndpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: "30s" }],
        },
      },
    ]);
    expect(scraperFrom("azure-monitor")).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } },
    ]);
  });
});

describe("Ingress prerequisites", () => {
  const certificate = {
    apiVersion: "networking.gke.io/v1",
    kind: "ManagedCertificate",
    metadata: { name: "event-ingestor-cert" },
    spec: { domains: ["events.example.com"] },
  };
  const plan = planOf(
    spec({ ingress: { flavour: "gce", host: "events.example.com" }, ingressPrerequisites: [certificate] }),
  );

  it("renders each in the app's namespace with the app's labels, just before the Ingress", () => {
    const ids = plan.map((p) => p.id);
    expect(ids.slice(-2)).toEqual(["managedcertificate-event-ingestor-cert", "ingress"]);
    expect(plan.at(-2)?.object).toEqual({
      ...certificate,
      metadata: {
        name: "event-ingestor-cert",
        namespace: "ingest",
        labels: expect.objectContaining(SELECTOR) as unknown,
      },
    });
  });
});

describe("schemas", () => {
  const files = { "order.created.json": '{"type":"object"}' };

  it("files: a ConfigMap of them, mounted read-only at SCHEMA_DIR, its checksum on the pod template", () => {
    const objects = buildObjects(spec({ schemas: { files } }));
    const maps = objects.filter((o) => o.kind === "ConfigMap");
    expect(maps.map((m) => m.metadata?.name)).toEqual(["event-ingestor-config", "event-ingestor-schemas"]);
    expect(maps[1]).toMatchObject({ data: files });
    const deployment = byKind(objects, "Deployment").spec?.template;
    const container = deployment?.spec?.containers[0];
    expect(container?.env).toContainEqual({ name: "SCHEMA_DIR", value: "/etc/ingestor/schemas" });
    expect(container?.env).toContainEqual({ name: "SCHEMA_MODE", value: "known" });
    expect(container?.volumeMounts).toContainEqual({
      name: "schemas",
      mountPath: "/etc/ingestor/schemas",
      readOnly: true,
    });
    expect(deployment?.spec?.volumes).toContainEqual({
      name: "schemas",
      configMap: { name: "event-ingestor-schemas", defaultMode: 0o444 },
    });
    expect(deployment?.metadata?.annotations?.["checksum/schemas"]).toBe(checksum(files));
  });

  it("configMapName: mounts that ConfigMap and creates none", () => {
    const objects = buildObjects(spec({ schemas: { configMapName: "team-schemas", mode: "strict" } }));
    expect(objects.filter((o) => o.kind === "ConfigMap").map((m) => m.metadata?.name)).toEqual([
      "event-ingestor-config",
    ]);
    const pod = byKind(objects, "Deployment").spec?.template;
    expect(pod?.spec?.volumes).toContainEqual({
      name: "schemas",
      configMap: { name: "team-schemas", defaultMode: 0o444 },
    });
    expect(pod?.metadata?.annotations).not.toHaveProperty("checksum/schemas");
    expect(pod?.spec?.containers[0]?.env).toContainEqual({ name: "SCHEMA_MODE", value: "strict" });
  });
});

describe("namespace labels and extra NetworkPolicy sources", () => {
  it("puts namespaceLabels on the Namespace only", () => {
    const gate = { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" };
    const objects = buildObjects(spec({ namespaceLabels: gate }));
    expect(byKind(objects, "Namespace").metadata?.labels).toMatchObject(gate);
    for (const o of objects.filter((x) => x.kind !== "Namespace"))
      expect(o.metadata?.labels, o.kind).not.toHaveProperty("elbv2.k8s.aws/pod-readiness-gate-inject");
  });

  it("adds extraIngressFrom to the HTTP port's sources after the flavour's default", () => {
    const peer = { ipBlock: { cidr: "10.0.0.0/16" } };
    const s = settingsOf(
      spec({ ingress: { flavour: "gce" }, networkPolicy: { enabled: true, extraIngressFrom: [peer] } }),
    );
    expect(s.networkPolicy?.ingressFrom).toEqual([
      { ipBlock: { cidr: "130.211.0.0/22" } },
      { ipBlock: { cidr: "35.191.0.0/16" } },
      peer,
    ]);
  });
});
