// The AWS side of the app's Ingress, as plain data (no SDK: `render` imports it through
// `@event-ingestor/infra-aws/ingress`). The AWS Load Balancer Controller reads these annotations.
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";

/** Namespace label that makes the controller's webhook add a readiness gate to new pods (target health). */
export const readinessGateLabel = "elbv2.k8s.aws/pod-readiness-gate-inject";

/** TLS 1.3 with 1.2 fallback: the policy AWS recommends for new HTTPS listeners. */
export const albSslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Ingress wiring for the `alb` flavour. */
export type AlbIngress = Pick<CloudIngress, "annotations" | "tls" | "namespaceLabels">;

/**
 * With TLS, the HTTPS listener, the 80 -> 443 redirect (`listen-ports`, `ssl-redirect`, set by k8s-app for a
 * TLS Ingress) and the certificate: `certificateArn` when one is configured, else the ACM certificate the
 * controller discovers for the Ingress's host (the one this package creates and validates in Route 53).
 * Always: the pod readiness gate, so a rollout waits until the ALB sends traffic to the new pods.
 */
export function albIngress(
  request: IngressRequest | undefined,
  config: { readonly certificateArn: string | undefined },
): AlbIngress {
  const tls = request?.tls === true;
  return {
    annotations: tls
      ? {
          "alb.ingress.kubernetes.io/ssl-policy": albSslPolicy,
          ...(config.certificateArn === undefined
            ? {}
            : { "alb.ingress.kubernetes.io/certificate-arn": config.certificateArn }),
        }
      : {},
    tls: tls ? {} : undefined,
    namespaceLabels: { [readinessGateLabel]: "enabled" },
  };
}
