import type { INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { DEFAULTS } from "../args.js";
import { objectMeta, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";

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
      egress: [
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
      ],
    },
  } satisfies INetworkPolicy;
}
