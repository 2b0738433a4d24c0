import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { IngestorAppArgs } from "./args.js";
import { buildObjects } from "./build.js";
import { isRecord } from "./checks.js";
import { FULL_SPEC, IMAGE, MINIMAL } from "../test/fixtures.js";

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: unknown;
  readonly provider: string | undefined;
}

const registered: Registered[] = [];
const LB_HOSTNAME = "k8s-ingest-abc.eu-west-1.elb.amazonaws.com";

await pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      const inputs: unknown = args.inputs;
      registered.push({ type: args.type, name: args.name, inputs, provider: args.provider });
      // The Ingress controller's answer, as the Kubernetes provider would read it back.
      const status = args.type.endsWith(":Ingress")
        ? { loadBalancer: { ingress: [{ hostname: LB_HOSTNAME }] } }
        : {};
      return { id: `${args.name}-id`, state: { ...(isRecord(inputs) ? inputs : {}), status } };
    },
    call: () => ({}),
  },
  "event-ingestor",
  "test",
  false,
);

// Loaded after setMocks, so the SDK registers against the mock monitor.
const { IngestorApp, INGESTOR_APP_TYPE } = await import("./component.js");
const k8s = await import("@pulumi/kubernetes");

/** Replaces serialized Pulumi secrets with their values. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isRecord(value)) return value;
  if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(value["value"]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

const promiseOf = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => {
    output.apply(resolve);
  });

/** A child as the SDK constructs it: the options it was given. */
interface Constructed {
  readonly name: string;
  readonly parent: pulumi.Resource | undefined;
  readonly provider: pulumi.ProviderResource | undefined;
}

/** Creates an app and waits until each of `kinds` has been registered under its name. */
async function deploy(name: string, args: IngestorAppArgs, kinds: readonly string[]) {
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
    expect(mine().map((r) => r.type.split(":").at(-1))).toEqual(expect.arrayContaining([...kinds]));
  });
  const [providerUrn, providerId] = await Promise.all([promiseOf(provider.urn), promiseOf(provider.id)]);
  return { app, provider, constructed, resources: mine(), providerRef: `${providerUrn}::${providerId}` };
}

const FULL_KINDS = buildObjects(FULL_SPEC).map((o) => o.kind);

describe("IngestorApp under Pulumi mocks", () => {
  let full: Awaited<ReturnType<typeof deploy>>;

  beforeAll(async () => {
    full = await deploy("full", { ...FULL_SPEC, image: pulumi.output(FULL_SPEC.image) }, FULL_KINDS);
  });

  it("registers one resource per rendered object, with the same Kubernetes kinds", () => {
    expect(full.resources.map((r) => r.type.split(":").at(-1)).sort()).toEqual([...FULL_KINDS].sort());
  });

  it("registers every child through the injected provider", () => {
    for (const r of full.resources) expect(r.provider, r.name).toBe(full.providerRef);
  });

  it("parents every child on the component and hands each the injected provider", () => {
    expect(full.constructed.map((c) => c.name).sort()).toEqual(full.resources.map((r) => r.name).sort());
    for (const c of full.constructed) {
      expect(c.parent, c.name).toBe(full.app);
      expect(c.provider, c.name).toBe(full.provider);
    }
  });

  it("is a component of type event-ingestor:k8s:App", async () => {
    expect(await promiseOf(full.app.urn)).toMatch(new RegExp(`::${INGESTOR_APP_TYPE}::full$`));
  });

  it("creates the objects render prints, with the image from the input and the secret values", () => {
    for (const object of buildObjects(FULL_SPEC)) {
      const r = full.resources.find((x) => x.type.endsWith(`:${object.kind}`));
      expect(r, object.kind).toBeDefined();
      const body = Object.fromEntries(
        Object.entries(object).filter(([k]) => k !== "apiVersion" && k !== "kind"),
      );
      expect(unwrapSecrets(r?.inputs), object.kind).toEqual(expect.objectContaining(body));
    }
  });

  it("stores the Secret's values as Pulumi secrets", () => {
    const secret = full.resources.find((r) => r.type === "kubernetes:core/v1:Secret");
    expect(isRecord(secret?.inputs) && secret.inputs["stringData"]).toMatchObject({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
    });
  });

  it("outputs the service name, namespace and the ingress load balancer address", async () => {
    expect(await promiseOf(full.app.serviceName)).toBe("event-ingestor");
    expect(await promiseOf(full.app.namespace)).toBe("ingest");
    expect(await promiseOf(full.app.ingressAddress)).toBe(LB_HOSTNAME);
  });

  it("outputs an empty ingress address and creates no Ingress when the flavour is none", async () => {
    const { app, resources } = await deploy("plain", { ...MINIMAL, createNamespace: false }, ["Deployment"]);
    expect(await promiseOf(app.ingressAddress)).toBe("");
    expect(resources.map((r) => r.type)).not.toContain("kubernetes:networking.k8s.io/v1:Ingress");
    expect(resources.map((r) => r.type)).not.toContain("kubernetes:core/v1:Namespace");
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
      ["ServiceAccount", "Deployment"],
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
    expect(create).toThrow(/RUN_AS_ROOT/);
    expect(
      registered.slice(before).filter((r) => r.name.startsWith("bad-") && !r.name.endsWith("cluster")),
    ).toEqual([]);
  });

  it("refuses a tag-only image given as a plain string", () => {
    const provider = new k8s.Provider("tag-cluster", {});
    expect(
      () => new IngestorApp("tag", { ...MINIMAL, image: "ghcr.io/acme/ingestor:1.0" }, { provider }),
    ).toThrow(/IMAGE_NOT_PINNED/);
    expect(() => new IngestorApp("tag2", { ...MINIMAL, image: IMAGE }, { provider })).not.toThrow();
  });
});
