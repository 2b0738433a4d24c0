// The arguments the clouds pass as outputs (a managed Kafka's address, a certificate ARN, the topics Job's
// role) and the resources the app must wait for, under Pulumi mocks: registered exactly as render prints
// them once the outputs are known, and applied in the planned order.
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { IngestorAppSpec } from "./args.js";
import { planOf } from "./build.js";
import { MINIMAL } from "../test/fixtures.js";
import { mockedRun, unwrapSecrets } from "../test/pulumi.js";

const { registered, IngestorApp, k8s } = await mockedRun();

/** Stands in for the managed Kafka the cloud creates (MSK, topics, grants). */
class ManagedKafka extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:ManagedKafka", name, {});
  }
}

const BROKERS = "b-1.msk.eu-west-1.amazonaws.com:9098,b-2.msk.eu-west-1.amazonaws.com:9098";
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
const ROLE = "arn:aws:iam::123456789012:role/topics";

/** The same arguments with plain values: what render prints for them. */
const SPEC: IngestorAppSpec = {
  ...MINIMAL,
  config: { KAFKA_BROKERS: BROKERS, KAFKA_TOPIC: "events" },
  ingress: {
    flavour: "gce",
    host: "events.example.com",
    annotations: {
      "networking.gke.io/managed-certificates": "event-ingestor-cert",
      "example.com/cert": CERT,
    },
  },
  ingressPrerequisites: [
    {
      apiVersion: "networking.gke.io/v1",
      kind: "ManagedCertificate",
      metadata: { name: "event-ingestor-cert" },
      spec: { domains: ["events.example.com"] },
    },
  ],
  metricsScrape: "gke-podmonitoring",
  networkPolicy: { enabled: true, kafkaPorts: [9098] },
  topicsJob: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": ROLE } },
};

interface Constructed {
  readonly name: string;
  readonly dependsOn: readonly pulumi.Resource[];
}

describe("IngestorApp with output arguments and resources to wait for", () => {
  const constructed: Constructed[] = [];
  let kafka: ManagedKafka;
  const plan = planOf(SPEC).map(({ id, object }) => ({ name: `out-${id}`, object }));

  beforeAll(async () => {
    kafka = new ManagedKafka("kafka");
    const provider = new k8s.Provider("out-cluster", { kubeconfig: "{}" });
    const record: pulumi.ResourceTransformation = ({ name, opts }) => {
      const dependsOn = [opts.dependsOn ?? []].flat() as pulumi.Resource[];
      if (name !== "out") constructed.push({ name, dependsOn });
      return undefined;
    };
    new IngestorApp(
      "out",
      {
        ...SPEC,
        config: { KAFKA_BROKERS: pulumi.output(BROKERS), KAFKA_TOPIC: "events" },
        ingress: {
          ...SPEC.ingress,
          flavour: "gce",
          annotations: {
            "networking.gke.io/managed-certificates": "event-ingestor-cert",
            "example.com/cert": pulumi.output(CERT),
          },
        },
        topicsJob: { serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": pulumi.output(ROLE) } },
        waitFor: [kafka],
      },
      { provider, transformations: [record] },
    );
    await vi.waitFor(() => {
      expect(registered.map((r) => r.name)).toEqual(expect.arrayContaining(plan.map((p) => p.name)));
    });
  });

  it("registers exactly the objects render prints for the plain values, with equal specs", () => {
    const mine = registered.filter(
      (r) => r.name.startsWith("out-") && r.type !== "pulumi:providers:kubernetes",
    );
    expect(mine.map((r) => r.name).sort()).toEqual(plan.map((p) => p.name).sort());
    for (const { name, object } of plan) {
      const r = mine.find((x) => x.name === name);
      expect(unwrapSecrets(r?.inputs), name).toEqual(JSON.parse(JSON.stringify(object)));
    }
  });

  it("registers the prerequisite and the scrape object as custom resources of their own API group", () => {
    const types = Object.fromEntries(registered.map((r) => [r.name, r.type]));
    expect(types["out-managedcertificate-event-ingestor-cert"]).toBe(
      "kubernetes:networking.gke.io/v1:ManagedCertificate",
    );
    expect(types["out-podmonitoring"]).toBe("kubernetes:monitoring.googleapis.com/v1:PodMonitoring");
    expect(types["out-topics"]).toBe("kubernetes:batch/v1:Job");
  });

  it("makes the Deployment and the topics Job wait for waitFor, and nothing else", () => {
    const waiting = constructed.filter((c) => c.dependsOn.includes(kafka)).map((c) => c.name);
    expect(waiting.sort()).toEqual(["out-deployment", "out-topics"]);
  });

  it("applies the Deployment after the topics Job, and the Ingress after its prerequisite", async () => {
    const urns = async (name: string) =>
      Promise.all(
        (constructed.find((c) => c.name === name)?.dependsOn ?? []).map(
          (r) => new Promise<string>((resolve) => r.urn.apply(resolve)),
        ),
      );
    expect((await urns("out-deployment")).some((u) => u.endsWith("::out-topics"))).toBe(true);
    const ingress = await urns("out-ingress");
    expect(ingress.some((u) => u.endsWith("::out-managedcertificate-event-ingestor-cert"))).toBe(true);
    expect(ingress.some((u) => u.endsWith("::out-service"))).toBe(true);
  });
});
