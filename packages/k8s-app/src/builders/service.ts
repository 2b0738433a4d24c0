import type { IService } from "kubernetes-models/v1/Service";
import { DEFAULTS } from "../args.js";
import { objectMeta, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** ClusterIP Service on port 80 -> the container's `http` port. */
export function buildService(s: Settings) {
  // GKE Ingress load-balances straight to pod IPs through NEGs (not every cluster turns them on by default),
  // health-checked as the BackendConfig says.
  const annotations: Record<string, string> =
    s.ingress?.flavour === "gce"
      ? {
          "cloud.google.com/neg": JSON.stringify({ ingress: true }),
          "cloud.google.com/backend-config": JSON.stringify({ default: names(s).backendConfig }),
        }
      : {};
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(s, names(s).service, annotations),
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(s),
      ports: [
        {
          name: "http",
          port: DEFAULTS.servicePort,
          targetPort: "http",
          protocol: "TCP",
          appProtocol: "http",
        },
      ],
    },
  } satisfies IService;
}
