// The object a cluster's (managed) Prometheus reads to scrape GET /metrics, one per scrape kind, and where
// each scraper runs (the NetworkPolicy lets it in).
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { MetricsScrapeKind } from "../args.js";
import { commonLabels, selectorLabels, type ObjectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

type Scrape = NonNullable<Settings["metricsScrape"]>;

/** GKE Managed Prometheus' PodMonitoring (monitoring.googleapis.com/v1), the fields set here. */
export interface PodMonitoringObject {
  readonly apiVersion: "monitoring.googleapis.com/v1";
  readonly kind: "PodMonitoring";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly endpoints: readonly {
      readonly port: string;
      readonly path: string;
      readonly interval: string;
    }[];
  };
}

/**
 * Azure Monitor managed Prometheus' PodMonitor: the Prometheus Operator PodMonitor under the group
 * azmonitoring.coreos.com, so the add-on (ama-metrics) reads it and an in-cluster Prometheus does not.
 */
export interface AzurePodMonitorObject {
  readonly apiVersion: "azmonitoring.coreos.com/v1";
  readonly kind: "PodMonitor";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly labelLimit: number;
    readonly labelNameLengthLimit: number;
    readonly labelValueLengthLimit: number;
    readonly selector: { readonly matchLabels: Record<string, string> };
    readonly podMetricsEndpoints: readonly {
      readonly port: string;
      readonly path: string;
      readonly scheme: "http";
      readonly interval: string;
    }[];
  };
}

const meta = (s: Settings, scrape: Scrape): ObjectMeta => ({
  name: names(s).scrape,
  namespace: s.namespace,
  labels: { ...commonLabels(s), ...scrape.labels },
});

/** Prometheus Operator ServiceMonitor through the Service's `http` port. */
function serviceMonitor(s: Settings, scrape: Scrape) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: meta(s, scrape),
    spec: {
      selector: { matchLabels: selectorLabels(s) },
      namespaceSelector: { matchNames: [s.namespace] },
      endpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: scrape.interval }],
    },
  } satisfies IServiceMonitor;
}

/** GKE's collectors scrape each pod's named container port. */
function podMonitoring(s: Settings, scrape: Scrape): PodMonitoringObject {
  return {
    apiVersion: "monitoring.googleapis.com/v1",
    kind: "PodMonitoring",
    metadata: meta(s, scrape),
    spec: {
      selector: { matchLabels: selectorLabels(s) },
      endpoints: [{ port: "http", path: "/metrics", interval: scrape.interval }],
    },
  };
}

/** The label limits are the ones Azure's templates set, so no series is dropped for its labels. */
function azurePodMonitor(s: Settings, scrape: Scrape): AzurePodMonitorObject {
  return {
    apiVersion: "azmonitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: meta(s, scrape),
    spec: {
      labelLimit: 63,
      labelNameLengthLimit: 511,
      labelValueLengthLimit: 1023,
      selector: { matchLabels: selectorLabels(s) },
      podMetricsEndpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: scrape.interval }],
    },
  };
}

/** Each scrape kind: its object, and the namespace its scraper connects from. */
export const METRICS_SCRAPE = {
  servicemonitor: { build: serviceMonitor, scraperNamespace: "monitoring" },
  "gke-podmonitoring": { build: podMonitoring, scraperNamespace: "gmp-system" },
  "azure-monitor": { build: azurePodMonitor, scraperNamespace: "kube-system" },
} as const satisfies Record<MetricsScrapeKind, { build: unknown; scraperNamespace: string }>;

/** The scrape object of the chosen kind, or undefined when scraping is off. */
export function buildScrape(s: Settings) {
  const scrape = s.metricsScrape;
  if (scrape === undefined) return undefined;
  switch (scrape.kind) {
    case "servicemonitor":
      return METRICS_SCRAPE.servicemonitor.build(s, scrape);
    case "gke-podmonitoring":
      return METRICS_SCRAPE["gke-podmonitoring"].build(s, scrape);
    case "azure-monitor":
      return METRICS_SCRAPE["azure-monitor"].build(s, scrape);
  }
}
