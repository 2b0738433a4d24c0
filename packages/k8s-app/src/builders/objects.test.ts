import { describe, expect, it } from "vitest";
import { byKind, settingsOf, spec } from "../../test/fixtures.js";
import { buildObjects } from "../build.js";
import { buildConfigMap } from "./configMap.js";
import { buildHpa } from "./hpa.js";
import { buildNamespace } from "./namespace.js";
import { buildNetworkPolicy } from "./networkPolicy.js";
import { buildPdb } from "./pdb.js";
import { buildSecret } from "./secret.js";
import { buildService } from "./service.js";
import { buildServiceAccount } from "./serviceAccount.js";
import { buildScrape } from "./scrape.js";

const SELECTOR = {
  "app.kubernetes.io/name": "event-ingestor",
  "app.kubernetes.io/instance": "event-ingestor",
};

describe("namespace, service account, config", () => {
  it("enforces the restricted Pod Security Standard on the namespace", () => {
    expect(buildNamespace(settingsOf(spec({}))).metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
    });
  });

  it("puts workload identity annotations on the ServiceAccount, which mounts no token unless asked to", () => {
    const annotations = { "iam.gke.io/gcp-service-account": "ingestor@p.iam.gserviceaccount.com" };
    const sa = byKind(buildObjects(spec({ serviceAccountAnnotations: annotations })), "ServiceAccount");
    expect(sa.metadata?.annotations).toEqual(annotations);
    expect(sa.automountServiceAccountToken).toBe(false);
    const on = settingsOf(spec({ automountServiceAccountToken: true }));
    expect(buildServiceAccount(on, {}).automountServiceAccountToken).toBe(true);
  });

  it("keeps plain config in the ConfigMap and secrets out of it", () => {
    const s = settingsOf(spec({ secretConfig: { API_KEYS: "k1,k2", KAFKA_SASL_PASSWORD: "pw" } }));
    const cm = buildConfigMap(s, { KAFKA_BROKERS: "kafka-0.kafka:9092,kafka-1.kafka:9092" });
    expect(cm.data).toEqual({ KAFKA_BROKERS: "kafka-0.kafka:9092,kafka-1.kafka:9092" });
    expect(JSON.stringify(cm)).not.toMatch(/k1,k2|"pw"|API_KEYS|KAFKA_SASL_PASSWORD/);
    const secret = buildSecret(s, { API_KEYS: "k1,k2", KAFKA_SASL_PASSWORD: "pw" });
    expect(secret).toMatchObject({
      kind: "Secret",
      type: "Opaque",
      metadata: { name: "event-ingestor-secrets" },
    });
    expect(secret.stringData).toEqual({ API_KEYS: "k1,k2", KAFKA_SASL_PASSWORD: "pw" });
  });

  it("labels every object with app.kubernetes.io/* and the caller's labels", () => {
    const s = settingsOf(spec({ labels: { "cost-center": "a1" } }));
    for (const meta of [buildConfigMap(s, {}).metadata, buildService(s).metadata, buildPdb(s).metadata]) {
      expect(meta.labels).toMatchObject({
        ...SELECTOR,
        "app.kubernetes.io/managed-by": "pulumi",
        "cost-center": "a1",
      });
      expect(meta.namespace).toBe("ingest");
    }
  });
});

describe("service, autoscaling, disruption budget", () => {
  it("exposes the pods' http port on a ClusterIP Service, port 80", () => {
    const service = buildService(settingsOf(spec({})));
    expect(service.spec).toEqual({
      type: "ClusterIP",
      selector: SELECTOR,
      ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP", appProtocol: "http" }],
    });
  });

  it("scales the Deployment on CPU with autoscaling/v2 and scales down gently", () => {
    const hpa = buildHpa(settingsOf(spec({ autoscaling: { minReplicas: 3, maxReplicas: 9 } })));
    expect(hpa?.apiVersion).toBe("autoscaling/v2");
    expect(hpa?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "event-ingestor" },
      minReplicas: 3,
      maxReplicas: 9,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ],
    });
    expect(hpa?.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(buildHpa(settingsOf(spec({ autoscaling: { enabled: false } })))).toBeUndefined();
  });

  it("budgets one unavailable pod by default and lets unhealthy pods be evicted (policy/v1)", () => {
    const pdb = buildPdb(settingsOf(spec({})));
    expect(pdb.apiVersion).toBe("policy/v1");
    expect(pdb.spec).toEqual({
      selector: { matchLabels: SELECTOR },
      maxUnavailable: 1,
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    });
    expect(buildPdb(settingsOf(spec({ pdb: { minAvailable: "50%" } }))).spec).toMatchObject({
      minAvailable: "50%",
    });
  });
});

describe("network policy and service monitor", () => {
  it("creates neither unless enabled", () => {
    const s = settingsOf(spec({}));
    expect(buildNetworkPolicy(s)).toBeUndefined();
    expect(buildScrape(s)).toBeUndefined();
  });

  it("allows ingress from the controller's namespace and egress only to DNS and the Kafka ports", () => {
    const s = settingsOf(spec({ ingress: { flavour: "nginx" }, networkPolicy: { enabled: true } }));
    const np = buildNetworkPolicy(s);
    expect(np?.spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(np?.spec.podSelector).toEqual({ matchLabels: SELECTOR });
    expect(np?.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
        ports: [{ port: 8080, protocol: "TCP" }],
      },
    ]);
    expect(np?.spec.egress).toEqual([
      {
        ports: [
          { port: 53, protocol: "UDP" },
          { port: 53, protocol: "TCP" },
        ],
      },
      { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 9092, protocol: "TCP" }] },
    ]);
  });

  it("takes the ingress source per flavour, or from the caller", () => {
    const from = (patch: Parameters<typeof spec>[0]) =>
      buildNetworkPolicy(settingsOf(spec({ networkPolicy: { enabled: true }, ...patch })))?.spec.ingress[0]
        ?.from;
    expect(from({ ingress: { flavour: "azure-approuting" } })).toEqual([
      { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "app-routing-system" } } },
    ]);
    expect(from({ ingress: { flavour: "gce" } })).toEqual([
      { ipBlock: { cidr: "130.211.0.0/22" } },
      { ipBlock: { cidr: "35.191.0.0/16" } },
    ]);
    const selector = { matchLabels: { team: "edge" } };
    expect(
      from({
        ingress: { flavour: "nginx" },
        networkPolicy: { enabled: true, ingressControllerNamespaceSelector: selector },
      }),
    ).toEqual([{ namespaceSelector: selector }]);
  });

  it("lets Prometheus scrape when the ServiceMonitor is on, and the monitor targets /metrics on http", () => {
    const s = settingsOf(
      spec({ networkPolicy: { enabled: true, kafkaPorts: [9093] }, metricsScrape: "servicemonitor" }),
    );
    const np = buildNetworkPolicy(s);
    expect(np?.spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
      ports: [{ port: 8080, protocol: "TCP" }],
    });
    expect(np?.spec.egress[1]?.ports).toEqual([{ port: 9093, protocol: "TCP" }]);
    const sm = buildScrape(s);
    expect(sm?.spec).toEqual({
      selector: { matchLabels: SELECTOR },
      namespaceSelector: { matchNames: ["ingest"] },
      endpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: "30s" }],
    });
  });
});
