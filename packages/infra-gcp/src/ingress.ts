// The GCP side of the app's Ingress, as plain data (no SDK: `render` imports it through
// `@event-ingestor/infra-gcp/ingress`). GKE's Ingress controller reads these annotations.
import type { CloudIngress, IngressPrerequisite, IngressRequest } from "@event-ingestor/platform";

/** Names of the objects a TLS Ingress refers to, derived from the app's name. */
export function gceTlsNames(name: string) {
  return {
    /** Reserved global static IP (compute.GlobalAddress), so the address and its DNS record never change. */
    staticIp: `${name}-ingress`,
    /** Google-managed certificate (ManagedCertificate, networking.gke.io/v1) for the host. */
    managedCertificate: `${name}-cert`,
    /** FrontendConfig (networking.gke.io/v1beta1) that redirects HTTP to HTTPS. */
    frontendConfig: `${name}-https`,
    /** compute.SSLPolicy: TLS 1.2 or newer, modern ciphers. */
    sslPolicy: `${name}-tls12`,
  } as const;
}

/** Ingress wiring for the `gce` flavour. */
export type GceIngress = Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels" | "prerequisites">;

/**
 * With TLS: the reserved static IP, the managed certificate and the redirecting FrontendConfig, all by name,
 * and those two objects as the Ingress's prerequisites (the app's component creates them before the Ingress,
 * so GKE finds them when it programs the load balancer, and `render` prints them). No `spec.tls`: the
 * certificate is Google's, named by annotation.
 */
export function gceIngress(request: IngressRequest | undefined): GceIngress {
  if (request?.tls !== true) return { annotations: {}, tls: undefined, namespaceLabels: {} };
  const names = gceTlsNames(request.name);
  return {
    annotations: {
      "kubernetes.io/ingress.global-static-ip-name": names.staticIp,
      "networking.gke.io/managed-certificates": names.managedCertificate,
      "networking.gke.io/v1beta1.FrontendConfig": names.frontendConfig,
    },
    tls: undefined,
    namespaceLabels: {},
    prerequisites: gceIngressPrerequisites(request),
  };
}

/** The ManagedCertificate and FrontendConfig a TLS Ingress names; none without TLS. */
export function gceIngressPrerequisites(request: IngressRequest | undefined): IngressPrerequisite[] {
  if (request?.tls !== true || request.host === undefined) return [];
  const names = gceTlsNames(request.name);
  return [
    {
      apiVersion: "networking.gke.io/v1",
      kind: "ManagedCertificate",
      metadata: { name: names.managedCertificate },
      spec: { domains: [request.host] },
    },
    {
      apiVersion: "networking.gke.io/v1beta1",
      kind: "FrontendConfig",
      metadata: { name: names.frontendConfig },
      spec: {
        redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" },
        sslPolicy: names.sslPolicy,
      },
    },
  ];
}
