import { FLAVOURS } from "../flavours.js";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/**
 * The Ingress, or undefined when the flavour is `none`: the flavour's class and annotations (flavours.ts),
 * the caller's annotations (`V`: outputs in the component, e.g. a certificate ARN) over them. Only POST
 * /events is public: probes and metrics stay inside.
 */
export function buildIngress<V = string>(s: Settings, annotations: Readonly<Record<string, V>>) {
  const ingress = s.ingress;
  if (ingress === undefined) return undefined;
  const traits = FLAVOURS[ingress.flavour];
  const className = ingress.className ?? traits.className;
  const backend = { service: { name: names(s).service, port: { name: "http" } } };
  const rule = { http: { paths: [{ path: "/events", pathType: "Prefix" as const, backend }] } };
  const merged: Record<string, string | V> = { ...traits.annotations(s, ingress.tls), ...annotations };
  return {
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "Ingress" as const,
    metadata: objectMeta(s, names(s).ingress, merged),
    spec: {
      ...(className === undefined ? {} : { ingressClassName: className }),
      ...(ingress.tls !== undefined && ingress.host !== undefined
        ? {
            tls: [
              {
                hosts: [ingress.host],
                ...(ingress.tls.secretName === undefined ? {} : { secretName: ingress.tls.secretName }),
              },
            ],
          }
        : {}),
      rules: [ingress.host === undefined ? rule : { host: ingress.host, ...rule }],
    },
  };
}
