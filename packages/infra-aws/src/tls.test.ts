import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { awsMocks, promiseOf, type Recorded } from "../test/mocks.ts";
import type { AwsCloudPlatform, createPlatform as CreatePlatform } from "./platform.js";
import type { parseAwsConfig as ParseAwsConfig } from "./config.js";
import { albIngress } from "./ingress.js";

const host = "events.acme-corp.net";
const zoneId = "Z0123456789ABCDEFGHIJ";
const certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
const base = { namespace: "event-ingestor", serviceAccountName: "event-ingestor" };

const mocks = awsMocks({
  "aws:acm/certificate:Certificate": ({ name }) => ({
    arn: `${certificateArn}-${name}`,
    domainValidationOptions: [validation],
  }),
  "aws:route53/record:Record": ({ name }) => ({ fqdn: `${name}.fqdn` }),
});
const recorded: readonly Recorded[] = mocks.resources;
const validation = {
  domainName: host,
  resourceRecordName: `_x1.${host}.`,
  resourceRecordType: "CNAME",
  resourceRecordValue: "_x2.acm-validations.aws.",
};
let created: AwsCloudPlatform;
let given: AwsCloudPlatform;
let modules: { createPlatform: typeof CreatePlatform; parse: typeof ParseAwsConfig };

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
  const { createPlatform } = await import("./platform.js");
  const { parseAwsConfig } = await import("./config.js");
  modules = { createPlatform, parse: parseAwsConfig };
  created = createPlatform(
    { ...base, name: "new", ingress: { name: "event-ingestor", host, tls: true } },
    parseAwsConfig({ route53ZoneId: zoneId }),
  );
  given = createPlatform(
    { ...base, name: "given", ingress: { name: "event-ingestor", host, tls: true } },
    parseAwsConfig({ certificateArn }),
  );
  created.ingress.afterApp?.({
    resource: created.provider,
    namespace: "event-ingestor",
    address: pulumi.output("k8s-ingest-123.eu-west-1.elb.amazonaws.com"),
  });
  await Promise.all([created, given].map((p) => promiseOf(p.outputs.credentialsCommand)));
  await pulumi.runtime.disconnect();
});

const ofType = (type: string, prefix: string): Recorded[] =>
  recorded.filter((r) => r.type === type && r.name.startsWith(prefix));

describe("ALB TLS (mocked)", () => {
  it("without a certificate ARN, creates an ACM certificate for the host, validated in the Route 53 zone, and makes the app wait for it", async () => {
    const [certificate] = ofType("aws:acm/certificate:Certificate", "new-");
    expect(certificate?.inputs).toMatchObject({ domainName: host, validationMethod: "DNS" });
    const record = recorded.find((r) => r.name === "new-cert-validation");
    expect(record?.inputs).toMatchObject({
      zoneId,
      name: validation.resourceRecordName,
      type: "CNAME",
      records: [validation.resourceRecordValue],
    });
    const [issued] = ofType("aws:acm/certificateValidation:CertificateValidation", "new-");
    expect(issued?.inputs).toMatchObject({ validationRecordFqdns: ["new-cert-validation.fqdn"] });
    // Node group, LB controller, autoscaler, two add-ons, and the issued certificate last.
    expect(created.dependsOn).toHaveLength(6);
    const last = created.dependsOn.at(-1);
    expect(last === undefined ? "" : await promiseOf(last.urn)).toMatch(
      /aws:acm\/certificateValidation:CertificateValidation::new-cert$/,
    );
  });

  it("names a configured certificate on the ALB and creates none", () => {
    expect(ofType("aws:acm/certificate:Certificate", "given-")).toEqual([]);
    expect(given.ingress.annotations).toEqual({
      "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "alb.ingress.kubernetes.io/certificate-arn": certificateArn,
    });
    expect(given.ingress.tls).toEqual({});
  });

  it("points the host at the ALB with a CNAME in the zone once the app has an address", () => {
    expect(recorded.find((r) => r.name === "new-host")?.inputs).toEqual({
      zoneId,
      name: host,
      type: "CNAME",
      ttl: 300,
      records: ["k8s-ingest-123.eu-west-1.elb.amazonaws.com"],
    });
    expect(given.ingress.afterApp).toBeUndefined();
  });

  it("refuses TLS with neither a certificate nor a zone to validate one in", () => {
    expect(() =>
      modules.createPlatform(
        { ...base, name: "none", ingress: { name: "event-ingestor", host, tls: true } },
        modules.parse({}),
      ),
    ).toThrow(/app.tls needs aws.certificateArn .* or aws.route53ZoneId/);
  });
});

describe("albIngress", () => {
  it("turns on the pod readiness gate always, and HTTPS (ssl policy, certificate) only with TLS", () => {
    expect(albIngress(undefined, { certificateArn: undefined })).toEqual({
      annotations: {},
      tls: undefined,
      namespaceLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
    });
    expect(albIngress({ name: "a", host, tls: true }, { certificateArn: undefined })).toEqual({
      annotations: { "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06" },
      tls: {},
      namespaceLabels: { "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" },
    });
  });
});
