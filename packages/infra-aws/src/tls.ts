import * as aws from "@pulumi/aws";
import type { CloudIngress, IngressRequest } from "@event-ingestor/platform";
import type * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "./config.js";
import { AwsConfigError } from "./config.js";
import { albIngress } from "./ingress.js";

/** The Ingress wiring plus what the app must wait for (an issued certificate). */
export interface AwsIngress {
  readonly ingress: CloudIngress;
  readonly dependsOn: pulumi.Resource[];
}

/**
 * TLS and DNS for the ALB. With `app.tls`: the configured ACM certificate, or a new one for the host validated
 * through a Route 53 record (the app waits until it is issued, so the controller finds it). With a zone and a
 * host: a CNAME from the host to the ALB once the Ingress has one.
 */
export function createAwsIngress(
  name: string,
  request: IngressRequest | undefined,
  config: AwsConfig,
  opts: pulumi.ComponentResourceOptions,
): AwsIngress {
  const host = request?.host;
  const zoneId = config.route53ZoneId;
  const dependsOn: pulumi.Resource[] = [];
  if (request?.tls === true) {
    if (host === undefined) throw new AwsConfigError(["TLS needs event-ingestor:app.host"]);
    if (config.certificateArn === undefined) {
      if (zoneId === undefined) {
        throw new AwsConfigError([
          "event-ingestor:app.tls needs aws.certificateArn (an issued ACM certificate for the host) or aws.route53ZoneId (a hosted zone to validate a new one in)",
        ]);
      }
      dependsOn.push(createValidatedCertificate(name, host, zoneId, opts));
    }
  }
  const afterApp: CloudIngress["afterApp"] =
    zoneId === undefined || host === undefined
      ? undefined
      : (app) => {
          new aws.route53.Record(
            `${name}-host`,
            { zoneId, name: host, type: "CNAME", ttl: 300, records: [app.address] },
            { ...opts, dependsOn: [app.resource] },
          );
        };
  return {
    ingress: { ...albIngress(request, config), address: undefined, afterApp },
    dependsOn,
  };
}

function createValidatedCertificate(
  name: string,
  host: string,
  zoneId: string,
  opts: pulumi.ComponentResourceOptions,
): aws.acm.CertificateValidation {
  const certificate = new aws.acm.Certificate(
    `${name}-cert`,
    { domainName: host, validationMethod: "DNS", tags: { Name: host } },
    opts,
  );
  const option = certificate.domainValidationOptions.apply((options) => {
    const first = options[0];
    if (first === undefined) throw new Error(`ACM returned no DNS validation record for ${host}`);
    return first;
  });
  const record = new aws.route53.Record(
    `${name}-cert-validation`,
    {
      zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    },
    opts,
  );
  return new aws.acm.CertificateValidation(
    `${name}-cert`,
    { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
    opts,
  );
}
