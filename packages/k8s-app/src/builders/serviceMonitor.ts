import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { commonLabels, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** Prometheus Operator ServiceMonitor scraping GET /metrics through the Service's `http` port. */
export function buildServiceMonitor(s: Settings) {
  const sm = s.serviceMonitor;
  if (sm === undefined) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: {
      name: names(s).serviceMonitor,
      namespace: s.namespace,
      labels: { ...commonLabels(s), ...sm.labels },
    },
    spec: {
      selector: { matchLabels: selectorLabels(s) },
      namespaceSelector: { matchNames: [s.namespace] },
      endpoints: [{ port: "http", path: "/metrics", scheme: "http", interval: sm.interval }],
    },
  } satisfies IServiceMonitor;
}
