// The pack against what the k8s-app component registers in `pulumi preview` when a new image is being
// pushed (its digest unknown): only the image rule may be left unable to run; every other policy must see
// the Deployment's real spec and pass. Built k8s-app (dist) under Pulumi mocks, as the stack uses it.
import { isRecord } from "@event-ingestor/platform";
import { RecordingMocks } from "@event-ingestor/platform/testing";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runPack } from "../test/engine.js";

const DIGEST = `sha256:${"e".repeat(64)}`;
const mocks = new RecordingMocks({
  // In a preview only the image pushed earlier has a digest; the new one's is unknown until `up`.
  "docker-build:index:Image": ({ name }) => (name === "old-image" ? { digest: DIGEST } : {}),
});
await pulumi.runtime.setMocks(mocks, "event-ingestor", "pr", true);
const { IngestorApp } = await import("@event-ingestor/k8s-app");

class PushedImage extends pulumi.CustomResource {
  declare readonly digest: pulumi.Output<string>;
  constructor(name: string) {
    super("docker-build:index:Image", name, { digest: undefined });
  }
}

/** A kubernetes provider as the engine sees one (this package does not depend on @pulumi/kubernetes). */
class KubernetesProvider extends pulumi.ProviderResource {
  constructor(name: string) {
    super("kubernetes", name, {});
  }
}

/** Registered inputs as the engine hands them to a policy pack: unknowns as its sentinel, secrets unwrapped. */
function asAnalyzed(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return pulumi.runtime.unknownValue;
  if (Array.isArray(value)) return value.map(asAnalyzed);
  if (!isRecord(value)) return value;
  if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return asAnalyzed(value["value"]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asAnalyzed(v)]));
}

/** Stands in for a managed Kafka created in the same run: its bootstrap address is unknown in a preview. */
class NewKafka extends pulumi.CustomResource {
  declare readonly bootstrapBrokers: pulumi.Output<string>;
  constructor(name: string) {
    super("test:index:Kafka", name, { bootstrapBrokers: undefined });
  }
}

function deploy(name: string, image: PushedImage, brokers: pulumi.Input<string> = "kafka:9092"): void {
  const provider = new KubernetesProvider(`${name}-cluster`);
  new IngestorApp(
    name,
    {
      namespace: "ingest",
      image: pulumi.interpolate`registry.example.com/event-ingestor@${image.digest}`,
      config: { KAFKA_BROKERS: brokers },
      secretConfig: { API_KEYS: pulumi.secret("k1") },
      serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/i" },
      topicsJob: {
        serviceAccountAnnotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/t" },
      },
    },
    // The component only hands its provider to the children's options, which the mocks record by reference.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- see KubernetesProvider
    { provider },
  );
}

const inputsOf = (name: string) => mocks.resources.find((r) => r.name === name)?.inputs;
const deployment = (app: string) => asAnalyzed(inputsOf(`${app}-deployment`)) as Record<string, unknown>;
const topicsJob = (app: string) => asAnalyzed(inputsOf(`${app}-topics`)) as Record<string, unknown>;

describe("the policy pack in a preview of the k8s-app component", () => {
  beforeAll(async () => {
    deploy("new", new PushedImage("new-image"));
    deploy("same", new PushedImage("old-image"));
    deploy("msk", new PushedImage("msk-image"), new NewKafka("msk-kafka").bootstrapBrokers);
    await vi.waitFor(() => {
      expect(
        ["new-deployment", "same-deployment", "new-topics", "same-topics"].every(
          (n) => inputsOf(n) !== undefined,
        ),
      ).toBe(true);
    });
  });

  it("runs every hardening policy on the Deployment of a new image and finds nothing; only the image waits", async () => {
    const { violations, skipped } = await runPack("kubernetes:apps/v1:Deployment", deployment("new"));
    expect(violations).toEqual({});
    expect(skipped).toEqual({
      "image-by-digest":
        "string value at .spec.template.spec.containers.0.image can't be known during preview",
    });
  });

  it("runs every policy, the image rule too, when the digest is known", async () => {
    expect(await runPack("kubernetes:apps/v1:Deployment", deployment("same"))).toEqual({
      violations: {},
      skipped: {},
    });
  });

  it("still runs every hardening policy when a managed Kafka's address is unknown too (only a checksum is)", async () => {
    const props = deployment("msk");
    const template = (props["spec"] as { template: { metadata: { annotations: Record<string, unknown> } } })
      .template;
    expect(template.metadata.annotations["checksum/config"]).toBe(pulumi.runtime.unknownValue);
    const { violations, skipped } = await runPack("kubernetes:apps/v1:Deployment", props);
    expect(violations).toEqual({});
    expect(Object.keys(skipped)).toEqual(["image-by-digest"]);
  });

  it("runs the hardening policies on the topics Job of a new image and finds nothing; only the image waits", async () => {
    const { violations, skipped } = await runPack("kubernetes:batch/v1:Job", topicsJob("new"));
    expect(violations).toEqual({});
    expect(skipped).toEqual({
      "image-by-digest":
        "string value at .spec.template.spec.containers.0.image can't be known during preview",
    });
    expect(await runPack("kubernetes:batch/v1:Job", topicsJob("same"))).toEqual({
      violations: {},
      skipped: {},
    });
  });
});
