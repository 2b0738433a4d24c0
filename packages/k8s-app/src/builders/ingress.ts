import type { IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

type IngressSettings = NonNullable<Settings["ingress"]>;

/** Class and annotations each controller needs; the caller's annotations win. */
function flavourDefaults(s: Settings, ingress: IngressSettings) {
  const tls = ingress.tls !== undefined;
  switch (ingress.flavour) {
    case "alb":
      return {
        className: "alb",
        annotations: {
          "alb.ingress.kubernetes.io/scheme": "internet-facing",
          // Pod IPs as targets: no NodePort hop, and the ALB honours readiness directly.
          "alb.ingress.kubernetes.io/target-type": "ip",
          "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
          "alb.ingress.kubernetes.io/healthcheck-port": "traffic-port",
          "alb.ingress.kubernetes.io/success-codes": "200",
          // Drain in-flight requests no longer than a terminating pod still serves them.
          "alb.ingress.kubernetes.io/target-group-attributes": `deregistration_delay.timeout_seconds=${Math.ceil(s.shutdown.timeoutMs / 1000)}`,
          ...(tls
            ? {
                "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
                "alb.ingress.kubernetes.io/ssl-redirect": "443",
              }
            : {}),
        },
      };
    case "gce":
      // GKE picks Ingresses by this annotation and ignores spec.ingressClassName; the health check comes
      // from the pods' readiness probe (/readyz).
      return {
        className: undefined,
        annotations: {
          "kubernetes.io/ingress.class": "gce",
          ...(ingress.tls?.secretName !== undefined ? { "kubernetes.io/ingress.allow-http": "false" } : {}),
        },
      };
    case "azure-approuting":
    case "nginx": {
      // Same limit as the ingestor (it answers 413 itself for anything the proxy lets through).
      const body = s.config["MAX_BODY_BYTES"] ?? "1048576";
      return {
        className: ingress.flavour === "nginx" ? "nginx" : "webapprouting.kubernetes.azure.com",
        annotations: {
          "nginx.ingress.kubernetes.io/proxy-body-size": body,
          ...(tls ? { "nginx.ingress.kubernetes.io/ssl-redirect": "true" } : {}),
        },
      };
    }
  }
}

/** The Ingress, or undefined when the flavour is `none`. Only POST /events is public: probes and metrics stay inside. */
export function buildIngress(s: Settings) {
  const ingress = s.ingress;
  if (ingress === undefined) return undefined;
  const defaults = flavourDefaults(s, ingress);
  const className = ingress.className ?? defaults.className;
  const backend = { service: { name: names(s).service, port: { name: "http" } } };
  const rule = { http: { paths: [{ path: "/events", pathType: "Prefix" as const, backend }] } };
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: objectMeta(s, names(s).ingress, { ...defaults.annotations, ...ingress.annotations }),
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
  } satisfies IIngress;
}
