import type { IService } from "kubernetes-models/v1/Service";
import { DEFAULTS } from "../args.js";
import { FLAVOURS } from "../flavours.js";
import { objectMeta, selectorLabels } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** ClusterIP Service on port 80 -> the container's `http` port, with what the ingress flavour needs of it. */
export function buildService(s: Settings) {
  const annotations = FLAVOURS[s.ingress?.flavour ?? "none"].serviceAnnotations(names(s).backendConfig);
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
