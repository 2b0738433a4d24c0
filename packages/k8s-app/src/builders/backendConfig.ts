import { DEFAULTS } from "../args.js";
import { FLAVOURS } from "../flavours.js";
import { objectMeta, type ObjectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";
import { READINESS } from "./deployment.js";

/**
 * A GKE BackendConfig (cloud.google.com/v1, the CRD every GKE cluster has), limited to the fields set here.
 * No model package is pinned for it, so the type lists the CRD's health-check fields by hand.
 */
export interface BackendConfigObject {
  readonly apiVersion: "cloud.google.com/v1";
  readonly kind: "BackendConfig";
  readonly metadata: ObjectMeta;
  readonly spec: {
    readonly healthCheck: {
      readonly type: "HTTP" | "HTTPS" | "HTTP2";
      readonly requestPath: string;
      readonly port: number;
      readonly checkIntervalSec: number;
      readonly timeoutSec: number;
      readonly healthyThreshold: number;
      readonly unhealthyThreshold: number;
    };
  };
}

/**
 * For flavours that take one (`gce`, flavours.ts): the load balancer's health check, stated rather than inferred. GKE only derives it
 * from the readiness probe when the probe exists as the Ingress is synced, else it falls back to `GET /` (a
 * 404 here, so no backend would ever be healthy). Same path and rhythm as the readiness probe; the container
 * port, since container-native load balancing (NEG) checks the pods directly.
 */
export function buildBackendConfig(s: Settings): BackendConfigObject | undefined {
  if (s.ingress === undefined || !FLAVOURS[s.ingress.flavour].backendConfig) return undefined;
  return {
    apiVersion: "cloud.google.com/v1",
    kind: "BackendConfig",
    metadata: objectMeta(s, names(s).backendConfig),
    spec: {
      healthCheck: {
        type: "HTTP",
        requestPath: READINESS.path,
        port: DEFAULTS.port,
        checkIntervalSec: READINESS.periodSeconds,
        timeoutSec: READINESS.timeoutSeconds,
        healthyThreshold: READINESS.successThreshold,
        unhealthyThreshold: READINESS.failureThreshold,
      },
    },
  };
}
