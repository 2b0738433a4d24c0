import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";
import type * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";
import { GcpConfigError } from "./config.js";
import { gceIngress, gceTlsNames, gceTlsObjects } from "./ingress.js";
import { options, type Scope } from "./scope.js";

/**
 * TLS and DNS for the GCE Ingress. With `app.tls`: a reserved global IP, an SSL policy (TLS 1.2+), and, after
 * the app, the ManagedCertificate and the FrontendConfig redirecting HTTP to HTTPS in its namespace. With a
 * Cloud DNS zone: an A record from the host to the reserved IP (the managed certificate is issued only once
 * the host resolves to the load balancer).
 */
export function createGceIngress(
  request: IngressRequest | undefined,
  config: GcpConfig,
  provider: k8s.Provider,
  scope: Scope,
): CloudIngress {
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
  new gcp.compute.SSLPolicy(
    names.sslPolicy,
    { project: config.project, name: names.sslPolicy, profile: "MODERN", minTlsVersion: "TLS_1_2" },
    opts,
  );
  hostRecord(host, ip.address, []);
  return {
    ...wiring,
    address: ip.address,
    afterApp: (app) => {
      for (const object of gceTlsObjects(request.name, app.namespace, host)) {
        new k8s.apiextensions.CustomResource(`${request.name}-${object.kind.toLowerCase()}`, object, {
          parent: scope.parent,
          provider,
          dependsOn: [app.resource],
        });
      }
    },
  };
}
