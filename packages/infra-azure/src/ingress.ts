// The Azure side of the app's Ingress, as plain data (no SDK: `render` imports it through
// `@event-ingestor/infra-azure/ingress`). The app routing add-on reads these annotations.
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";

/** Annotation naming the Key Vault certificate app routing serves for the Ingress. */
export const keyVaultCertificateAnnotation = "kubernetes.azure.com/tls-cert-keyvault-uri";

/** The Secret app routing syncs the certificate into: `keyvault-<ingress name>`. */
export function appRoutingTlsSecretName(ingressName: string): string {
  return `keyvault-${ingressName}`;
}

/** Ingress wiring for the `azure-approuting` flavour. */
export type AppRoutingIngress = Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels">;

/**
 * With TLS: the Key Vault certificate by URI and the TLS Secret app routing fills from it; k8s-app adds the
 * HTTP -> HTTPS redirect for a TLS Ingress of this flavour.
 */
export function appRoutingIngress(
  request: IngressRequest | undefined,
  tlsCertificateUri: string | undefined,
): AppRoutingIngress {
  if (request?.tls !== true || tlsCertificateUri === undefined) {
    return { annotations: {}, tls: undefined, namespaceLabels: {} };
  }
  return {
    annotations: { [keyVaultCertificateAnnotation]: tlsCertificateUri },
    tls: { secretName: appRoutingTlsSecretName(request.name) },
    namespaceLabels: {},
  };
}
