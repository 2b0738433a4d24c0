import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { DEFAULTS } from "../args.js";
import { objectMeta, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";
import { topicsSelectorLabels } from "./topicsJob.js";

type Egress = NonNullable<NonNullable<INetworkPolicy["spec"]>["egress"]>;

/** Egress only to DNS and the Kafka brokers: all the ingestor (and the topics Job) ever connects to. */
function egress(np: NonNullable<Settings["networkPolicy"]>): Egress {
  return [
    // DNS to any address: node-local DNS caches listen on link-local IPs no pod selector matches.
    {
      ports: [
        { port: 53, protocol: "UDP" as const },
        { port: 53, protocol: "TCP" as const },
      ],
    },
    {
      to: np.kafkaCidrs.map((cidr) => ({ ipBlock: { cidr } })),
      ports: np.kafkaPorts.map((port) => ({ port, protocol: "TCP" as const })),
    },
  ];
}

/** Ingress only to the HTTP port from the ingress path (and Prometheus); egress only to DNS and Kafka. */
export function buildNetworkPolicy(s: Settings) {
  const np = s.networkPolicy;
  if (np === undefined) return undefined;
  const http = [{ port: DEFAULTS.port, protocol: "TCP" as const }];
  const ingress: NonNullable<NonNullable<INetworkPolicy["spec"]>["ingress"]> = [
    { from: [...np.ingressFrom], ports: http },
  ];
  if (np.monitoringNamespaceSelector !== undefined) {
    ingress.push({ from: [{ namespaceSelector: np.monitoringNamespaceSelector }], ports: http });
  }
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(s, names(s).networkPolicy),
    spec: {
      podSelector: { matchLabels: selectorLabels(s) },
      policyTypes: ["Ingress", "Egress"],
      ingress,
      egress: egress(np),
    },
  } satisfies INetworkPolicy;
}

/** The topics Job's pods serve nothing: no ingress at all; egress as the app's. */
export function buildTopicsNetworkPolicy(s: Settings) {
  const np = s.networkPolicy;
  if (np === undefined || !s.topicsJob) return undefined;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(s, names(s).topicsJob),
    spec: {
      podSelector: { matchLabels: topicsSelectorLabels(s) },
      policyTypes: ["Ingress", "Egress"],
      egress: egress(np),
    },
  } satisfies INetworkPolicy;
}
