import { METRICS_SCRAPE } from "../builders/scrape.js";
import { FLAVOURS } from "../flavours.js";
import type { PlainArgs, Settings } from "../settings.js";
import { isCidr, isPort } from "./checks.js";
import { brokerPorts } from "./config.js";
import type { Issues } from "./issues.js";

/**
 * The NetworkPolicy's peers and ports with their defaults. Kafka ports come from KAFKA_BROKERS unless given;
 * when KAFKA_BROKERS is an output (`brokersDeferred`) they must be given, since the policy is planned now.
 */
export function validateNetworkPolicy(
  args: PlainArgs,
  scrape: Settings["metricsScrape"],
  brokersDeferred: boolean,
  issues: Issues,
): Settings["networkPolicy"] {
  const np = args.networkPolicy;
  if (np?.enabled !== true) return undefined;
  const brokers = args.config?.["KAFKA_BROKERS"];
  if (np.kafkaPorts === undefined && brokersDeferred) {
    issues.add(
      "KAFKA_PORTS_UNKNOWN",
      "networkPolicy.kafkaPorts",
      "KAFKA_BROKERS is an output: give the brokers' ports, the NetworkPolicy is planned before it is known",
    );
  }
  const fromBrokers = typeof brokers === "string" && !brokersDeferred ? brokerPorts(brokers) : undefined;
  const kafkaPorts = np.kafkaPorts ?? fromBrokers ?? [];
  kafkaPorts.forEach((p, i) => {
    if (!isPort(p))
      issues.add("INVALID_PORT", `networkPolicy.kafkaPorts[${i}]`, `${JSON.stringify(p)} is not a port`);
  });
  const kafkaCidrs = np.kafkaCidrs ?? ["0.0.0.0/0"];
  kafkaCidrs.forEach((c, i) => {
    if (!isCidr(c))
      issues.add("INVALID_CIDR", `networkPolicy.kafkaCidrs[${i}]`, `${JSON.stringify(c)} is not a CIDR`);
  });
  const controller = np.ingressControllerNamespaceSelector;
  const flavourDefault = FLAVOURS[args.ingress?.flavour ?? "none"].ingressFrom;
  const ingressFrom =
    np.ingressFrom ?? (controller === undefined ? flavourDefault : [{ namespaceSelector: controller }]);
  const scraper =
    scrape === undefined
      ? undefined
      : (np.monitoringNamespaceSelector ?? {
          matchLabels: { "kubernetes.io/metadata.name": METRICS_SCRAPE[scrape.kind].scraperNamespace },
        });
  return {
    kafkaPorts,
    kafkaCidrs,
    ingressFrom: [...ingressFrom, ...(np.extraIngressFrom ?? [])],
    monitoringNamespaceSelector: scraper,
  };
}
