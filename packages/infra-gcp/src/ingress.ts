// The GCP side of the app's Ingress, as plain data (no SDK: `render` imports it through
// `@event-ingestor/infra-gcp/ingress`). GKE's Ingress controller reads these annotations.
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";

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
export type GceIngress = Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels">;

/**
 * With TLS: the reserved static IP, the managed certificate and the redirecting FrontendConfig, all by name.
 * No `spec.tls`: the certificate is Google's, named by annotation. The Ingress is not awaited
 * (`pulumi.com/skipAwait`): the certificate and FrontendConfig live in the app's namespace and are created
 * after the app, and GKE does not program the load balancer while they are missing; the address is the
 * reserved IP anyway.
 */
export function gceIngress(request: IngressRequest | undefined): GceIngress {
  if (request?.tls !== true) return { annotations: {}, tls: undefined, namespaceLabels: {} };
  const names = gceTlsNames(request.name);
  return {
    annotations: {
      "kubernetes.io/ingress.global-static-ip-name": names.staticIp,
      "networking.gke.io/managed-certificates": names.managedCertificate,
      "networking.gke.io/v1beta1.FrontendConfig": names.frontendConfig,
      "pulumi.com/skipAwait": "true",
    },
    tls: undefined,
    namespaceLabels: {},
  };
}

/**
 * A cloud object in the app's namespace that the Ingress names (k8s-app's `ingressPrerequisites`: the component
 * sets the namespace and creates it before the Ingress).
 */
export interface GceIngressPrerequisite {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: Readonly<Record<string, unknown>>;
}

/** The ManagedCertificate and FrontendConfig a TLS Ingress names; none without TLS. */
export function gceIngressPrerequisites(request: IngressRequest | undefined): GceIngressPrerequisite[] {
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

/** The same objects in `namespace`, for creating them after the app (until the app creates them itself). */
export function gceTlsObjects(name: string, namespace: string, host: string) {
  return gceIngressPrerequisites({ name, host, tls: true }).map((object) => ({
    ...object,
    metadata: { ...object.metadata, namespace },
  }));
}
