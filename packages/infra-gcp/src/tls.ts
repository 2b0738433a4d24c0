import * as gcp from "@pulumi/gcp";
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";
import type * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";
import { GcpConfigError } from "./config.js";
import { gceIngress, gceTlsNames } from "./ingress.js";
import { options, type Scope } from "./scope.js";

/** The cloud's Ingress, and what the app must wait for: the Ingress names the reserved IP and the SSL policy. */
export interface GceCloudIngress extends CloudIngress {
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * TLS and DNS for the GCE Ingress. With `app.tls`: a reserved global IP and an SSL policy (TLS 1.2+); the
 * ManagedCertificate and the FrontendConfig redirecting HTTP to HTTPS are the Ingress's prerequisites, which
 * the app's component creates (gceIngress). With a Cloud DNS zone: an A record from the host to the reserved IP
 * (the managed certificate is issued only once the host resolves to the load balancer), or, without TLS, to
 * the address the Ingress gets.
 */
export function createGceIngress(
  request: IngressRequest | undefined,
  config: GcpConfig,
  scope: Scope,
): GceCloudIngress {
  const wiring = gceIngress(request);
  const zone = config.dnsManagedZone;
  const hostRecord = (host: string, address: pulumi.Input<string>, dependsOn: pulumi.Resource[]) =>
    zone === undefined
      ? undefined
      : new gcp.dns.RecordSet(
          `${request?.name ?? "app"}-host`,
          {
            project: config.project,
            managedZone: zone,
            name: `${host}.`,
            type: "A",
            ttl: 300,
            rrdatas: [address],
          },
          options(scope, ...dependsOn),
        );
  if (request?.tls !== true) {
    const host = request?.host;
    return {
      ...wiring,
      address: undefined,
      dependsOn: [],
      // Without a reserved IP the address is known once the Ingress has one.
      afterApp:
        host === undefined || zone === undefined
          ? undefined
          : (app) => {
              hostRecord(host, app.address, [app.resource]);
            },
    };
  }
  const host = request.host;
  if (host === undefined) throw new GcpConfigError(["TLS needs event-ingestor:app.host"]);
  const names = gceTlsNames(request.name);
  const opts = options(scope);

  const ip = new gcp.compute.GlobalAddress(
    names.staticIp,
    { project: config.project, name: names.staticIp, description: `Ingress address of ${host}` },
    opts,
  );
  const sslPolicy = new gcp.compute.SSLPolicy(
    names.sslPolicy,
    { project: config.project, name: names.sslPolicy, profile: "MODERN", minTlsVersion: "TLS_1_2" },
    opts,
  );
  hostRecord(host, ip.address, []);
  return { ...wiring, address: ip.address, afterApp: undefined, dependsOn: [ip, sslPolicy] };
}
