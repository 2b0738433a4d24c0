import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { IngestorAppArgs, IngestorAppSpec } from "./args.js";
import { planOf } from "./build.js";
import { FULL_SPEC, IMAGE, MINIMAL } from "../test/fixtures.js";
import { at, mockedRun, promiseOf, unwrapSecrets } from "../test/pulumi.js";

const LB_HOSTNAME = "k8s-ingest-abc.eu-west-1.elb.amazonaws.com";

// The Ingress controller's answer, as the Kubernetes provider would read it back.
const { registered, IngestorApp, INGESTOR_APP_TYPE, k8s } = await mockedRun({
  computed: {
    "kubernetes:networking.k8s.io/v1:Ingress": () => ({
      status: { loadBalancer: { ingress: [{ hostname: LB_HOSTNAME }] } },
    }),
  },
});

/** A child as the SDK constructs it: the options it was given. */
interface Constructed {
  readonly name: string;
  readonly parent: pulumi.Resource | undefined;
  readonly provider: pulumi.ProviderResource | undefined;
}

/** Creates an app and waits until each resource in `names` has reached the mock monitor. */
async function deploy(name: string, args: IngestorAppArgs, names: readonly string[]) {
  const provider = new k8s.Provider(`${name}-cluster`, { kubeconfig: "{}" });
  const constructed: Constructed[] = [];
  // Transformations of a component run for each child it creates, with the child's resolved options.
  const record: pulumi.ResourceTransformation = ({ name: child, opts }) => {
    if (child !== name) constructed.push({ name: child, parent: opts.parent, provider: opts.provider });
    return undefined;
  };
  const app = new IngestorApp(name, args, { provider, transformations: [record] });
  const mine = () =>
    registered.filter((r) => r.name.startsWith(`${name}-`) && r.type !== "pulumi:providers:kubernetes");
  await vi.waitFor(() => {
    expect(mine().map((r) => r.name)).toEqual(expect.arrayContaining([...names]));
  });
  const [providerUrn, providerId] = await Promise.all([promiseOf(provider.urn), promiseOf(provider.id)]);
  return { app, provider, constructed, resources: mine(), providerRef: `${providerUrn}::${providerId}` };
}

/** What render prints for a spec, each object with the Pulumi name the component must give it. */
const rendered = (name: string, spec: IngestorAppSpec) =>
  planOf(spec).map(({ id, object }) => ({ name: `${name}-${id}`, object }));

/** Which object a registration is: Pulumi name, Kubernetes kind and name. */
const summary = (name: string, o: unknown) => ({
  name,
  kind: at(o, "kind"),
  object: at(o, "metadata", "name"),
});
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe("IngestorApp under Pulumi mocks", () => {
  let full: Awaited<ReturnType<typeof deploy>>;
  const plan = rendered("full", FULL_SPEC);

  beforeAll(async () => {
    const names = plan.map((p) => p.name);
    full = await deploy("full", { ...FULL_SPEC, image: pulumi.output(FULL_SPEC.image) }, names);
  });

  it("registers exactly the objects render prints: same kinds, names, count, in stable resource names", () => {
    expect(full.resources.map((r) => summary(r.name, r.inputs)).sort(byName)).toEqual(
      plan.map((p) => summary(p.name, p.object)).sort(byName),
    );
    expect(plan.map((p) => p.name)).toEqual([
      "full-ns",
      "full-sa",
      "full-topics-sa",
      "full-config",
      "full-schemas",
      "full-secrets",
      "full-service",
      "full-topics-netpol",
      "full-topics",
      "full-deployment",
      "full-hpa",
      "full-pdb",
      "full-netpol",
      "full-ingress",
      "full-servicemonitor",
    ]);
    expect(full.constructed.map((c) => c.name).sort()).toEqual(plan.map((p) => p.name).sort());
  });

  it("registers each object with exactly the fields render prints, the image from the input included", () => {
    for (const { name, object } of plan) {
      const r = full.resources.find((x) => x.name === name);
      expect(unwrapSecrets(r?.inputs), name).toEqual(JSON.parse(JSON.stringify(object)));
    }
  });

  it("registers every child through the injected provider", () => {
    for (const r of full.resources) expect(r.provider, r.name).toBe(full.providerRef);
  });

  it("parents every child on the component and hands each the injected provider", () => {
    expect(full.constructed).toHaveLength(plan.length);
    for (const c of full.constructed) {
      expect(c.parent, c.name).toBe(full.app);
      expect(c.provider, c.name).toBe(full.provider);
    }
  });

  it("is a component of type event-ingestor:k8s:App", async () => {
    expect(await promiseOf(full.app.urn)).toMatch(new RegExp(`::${INGESTOR_APP_TYPE}::full$`));
  });

  it("stores the Secret's values as Pulumi secrets", () => {
    const secret = full.resources.find((r) => r.type === "kubernetes:core/v1:Secret");
    expect(secret?.inputs["stringData"]).toMatchObject({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
    });
  });

  it("outputs the service name, namespace and the ingress load balancer address", async () => {
    expect(await promiseOf(full.app.serviceName)).toBe("event-ingestor");
    expect(await promiseOf(full.app.namespace)).toBe("ingest");
    expect(await promiseOf(full.app.ingressAddress)).toBe(LB_HOSTNAME);
  });

  it("gce: registers the BackendConfig and the Service naming it, exactly as render prints them", async () => {
    const spec = { ...MINIMAL, createNamespace: false, ingress: { flavour: "gce" as const } };
    const expected = rendered("gce", spec);
    const { resources } = await deploy(
      "gce",
      spec,
      expected.map((p) => p.name),
    );
    expect(resources.map((r) => summary(r.name, r.inputs)).sort(byName)).toEqual(
      expected.map((p) => summary(p.name, p.object)).sort(byName),
    );
    expect(resources.find((r) => r.name === "gce-backendconfig")?.type).toBe(
      "kubernetes:cloud.google.com/v1:BackendConfig",
    );
    for (const { name, object } of expected)
      expect(resources.find((r) => r.name === name)?.inputs, name).toEqual(
        JSON.parse(JSON.stringify(object)),
      );
  });

  it.each([
    ["servicemonitor", "kubernetes:monitoring.coreos.com/v1:ServiceMonitor"],
    ["gke-podmonitoring", "kubernetes:monitoring.googleapis.com/v1:PodMonitoring"],
    ["azure-monitor", "kubernetes:azmonitoring.coreos.com/v1:PodMonitor"],
  ] as const)("%s: registers the scrape object exactly as render prints it, as %s", async (kind, type) => {
    const name = `scrape-${kind}`;
    const spec = { ...MINIMAL, createNamespace: false, metricsScrape: kind };
    const expected = rendered(name, spec);
    const { resources } = await deploy(
      name,
      spec,
      expected.map((p) => p.name),
    );
    const scrape = expected.at(-1);
    expect(resources.find((r) => r.name === scrape?.name)?.type).toBe(type);
    for (const { name: n, object } of expected)
      expect(resources.find((r) => r.name === n)?.inputs, n).toEqual(JSON.parse(JSON.stringify(object)));
  });

  it("outputs an empty ingress address and creates only the planned objects when the flavour is none", async () => {
    const spec = { ...MINIMAL, createNamespace: false };
    const expected = rendered("plain", spec);
    const { app, resources } = await deploy(
      "plain",
      spec,
      expected.map((p) => p.name),
    );
    expect(await promiseOf(app.ingressAddress)).toBe("");
    expect(resources.map((r) => r.name).sort()).toEqual(
      ["plain-config", "plain-deployment", "plain-hpa", "plain-pdb", "plain-sa", "plain-service"].sort(),
    );
    for (const { name, object } of expected)
      expect(resources.find((r) => r.name === name)?.inputs, name).toEqual(
        JSON.parse(JSON.stringify(object)),
      );
  });

  it("takes service-account annotations that are outputs (a role ARN from the cloud package)", async () => {
    const roleArn = "arn:aws:iam::123456789012:role/ingestor";
    const { resources } = await deploy(
      "wi",
      {
        ...MINIMAL,
        createNamespace: false,
        serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": pulumi.output(roleArn) },
      },
      ["wi-sa", "wi-deployment"],
    );
    const sa = resources.find((r) => r.type === "kubernetes:core/v1:ServiceAccount");
    expect(sa?.inputs).toMatchObject({
      metadata: { annotations: { "eks.amazonaws.com/role-arn": roleArn } },
      automountServiceAccountToken: false,
    });
  });

  it("fails with a ResourceError listing the problems, before registering anything", () => {
    const before = registered.length;
    const provider = new k8s.Provider("bad-cluster", {});
    const create = () =>
      new IngestorApp("bad", { ...MINIMAL, image: "ghcr.io/acme/ingestor:1.0", runAsUser: 0 }, { provider });
    expect(create).toThrow(pulumi.ResourceError);
    expect(create).toThrow(/IMAGE_NOT_PINNED[\s\S]*RUN_AS_ROOT/);
    expect(
      registered.slice(before).filter((r) => r.name.startsWith("bad-") && !r.name.endsWith("cluster")),
    ).toEqual([]);
  });

  it("refuses a tag-only image given as a plain string", () => {
    const provider = new k8s.Provider("tag-cluster", {});
    const create = (image: string) => () => new IngestorApp("tag", { ...MINIMAL, image }, { provider });
    expect(create("ghcr.io/acme/ingestor:1.0")).toThrow(pulumi.ResourceError);
    expect(create("ghcr.io/acme/ingestor:1.0")).toThrow(/IMAGE_NOT_PINNED/);
    expect(create(IMAGE)).not.toThrow();
  });
});
