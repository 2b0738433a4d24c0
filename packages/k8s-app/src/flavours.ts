// Everything the component knows about each ingress controller, in one table: validation, the Ingress, the
// Service, the BackendConfig and the NetworkPolicy read it here and nowhere else.
import { defaultOf } from "@event-ingestor/ingestor/settings";
import type { IngressFlavour, NetworkPolicyPeer } from "./args.js";
import type { Settings } from "./settings.js";

/** What one flavour means for the objects. */
export interface FlavourTraits {
  /** `spec.ingressClassName` by default; undefined when the controller is chosen another way. */
  readonly className: string | undefined;
  /** Whether `ingress.className` may override it (GKE picks Ingresses by annotation, never by class). */
  readonly classOverridable: boolean;
  /** Whether `ingress.tls.secretName` (a kubernetes.io/tls Secret) can serve the certificate. */
  readonly tlsSecret: boolean;
  /** The controller's annotations on the Ingress; the caller's win over them. */
  readonly annotations: (
    s: Settings,
    tls: { readonly secretName: string | undefined } | undefined,
  ) => Record<string, string>;
  /** Annotations the Service needs for this controller. */
  readonly serviceAnnotations: (backendConfigName: string) => Record<string, string>;
  /** Whether a GKE BackendConfig states the load balancer's health check. */
  readonly backendConfig: boolean;
  /** Who reaches the pods' HTTP port through this controller: the NetworkPolicy's default sources. */
  readonly ingressFrom: readonly NetworkPolicyPeer[];
}

const namespace = (name: string): NetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
});

/** nginx-based controllers: the same limit as the ingestor (it answers 413 itself for what gets through). */
const nginxAnnotations: FlavourTraits["annotations"] = (s, tls) => ({
  "nginx.ingress.kubernetes.io/proxy-body-size":
    s.knownConfig["MAX_BODY_BYTES"] ?? String(defaultOf("MAX_BODY_BYTES")),
  ...(tls === undefined ? {} : { "nginx.ingress.kubernetes.io/ssl-redirect": "true" }),
});

const none = () => ({});

export const FLAVOURS: Readonly<Record<IngressFlavour, FlavourTraits>> = {
  alb: {
    className: "alb",
    classOverridable: true,
    // ALB serves ACM certificates, discovered from the host or named by annotation.
    tlsSecret: false,
    annotations: (s, tls) => ({
      "alb.ingress.kubernetes.io/scheme": "internet-facing",
      // Pod IPs as targets: no NodePort hop, and the ALB honours readiness directly.
      "alb.ingress.kubernetes.io/target-type": "ip",
      "alb.ingress.kubernetes.io/healthcheck-path": "/readyz",
      "alb.ingress.kubernetes.io/healthcheck-port": "traffic-port",
      "alb.ingress.kubernetes.io/success-codes": "200",
      // Drain in-flight requests no longer than a terminating pod still serves them.
      "alb.ingress.kubernetes.io/target-group-attributes": `deregistration_delay.timeout_seconds=${Math.ceil(s.shutdown.timeoutMs / 1000)}`,
      ...(tls === undefined
        ? {}
        : {
            "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
            "alb.ingress.kubernetes.io/ssl-redirect": "443",
          }),
    }),
    serviceAnnotations: none,
    backendConfig: false,
    // ALB (target-type ip) connects from its ENIs in the VPC; the VPC CIDR is not known here.
    ingressFrom: [{ ipBlock: { cidr: "0.0.0.0/0" } }],
  },
  gce: {
    className: undefined,
    classOverridable: false,
    tlsSecret: true,
    // GKE picks Ingresses by this annotation and ignores spec.ingressClassName.
    annotations: (_s, tls) => ({
      "kubernetes.io/ingress.class": "gce",
      ...(tls?.secretName === undefined ? {} : { "kubernetes.io/ingress.allow-http": "false" }),
    }),
    // Load-balance straight to pod IPs through NEGs (not every cluster turns them on by default),
    // health-checked as the BackendConfig says.
    serviceAnnotations: (backendConfigName) => ({
      "cloud.google.com/neg": JSON.stringify({ ingress: true }),
      "cloud.google.com/backend-config": JSON.stringify({ default: backendConfigName }),
    }),
    backendConfig: true,
    // Google front ends and health checkers (container-native load balancing sends straight to pod IPs).
    ingressFrom: [{ ipBlock: { cidr: "130.211.0.0/22" } }, { ipBlock: { cidr: "35.191.0.0/16" } }],
  },
  "azure-approuting": {
    className: "webapprouting.kubernetes.azure.com",
    classOverridable: true,
    tlsSecret: true,
    annotations: nginxAnnotations,
    serviceAnnotations: none,
    backendConfig: false,
    ingressFrom: [namespace("app-routing-system")],
  },
  nginx: {
    className: "nginx",
    classOverridable: true,
    tlsSecret: true,
    annotations: nginxAnnotations,
    serviceAnnotations: none,
    backendConfig: false,
    ingressFrom: [namespace("ingress-nginx")],
  },
  none: {
    className: undefined,
    classOverridable: false,
    tlsSecret: false,
    annotations: none,
    serviceAnnotations: none,
    backendConfig: false,
    // No Ingress: in-cluster clients from any namespace.
    ingressFrom: [{ namespaceSelector: {} }],
  },
};

/** Every flavour, `none` included. */
export const INGRESS_FLAVOURS = Object.keys(FLAVOURS) as readonly IngressFlavour[];

export const isIngressFlavour = (v: unknown): v is IngressFlavour =>
  typeof v === "string" && Object.hasOwn(FLAVOURS, v);
