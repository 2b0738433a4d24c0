import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngestorAppArgs } from "./args.js";
import { formatIssues } from "./errors.js";
import { checkImage } from "./validate/image.js";
import { checksum } from "./labels.js";
import { planObjects, type PlannedEntry } from "./plan.js";
import type { PlainArgs } from "./settings.js";
import { isRecord } from "@event-ingestor/platform";
import { brokersIssue, resolveSettings } from "./validate/index.js";

const field = (v: unknown, key: string): unknown => (isRecord(v) ? v[key] : undefined);

/**
 * Hostname (ALB, AKS) or IP (GKE, nginx) of the first load balancer in an Ingress status. Read defensively:
 * the status is empty until the controller answers (and under mocks), whatever the SDK's types say.
 */
export function ingressAddressOf(status: unknown): string {
  const first: unknown = [field(field(status, "loadBalancer"), "ingress")].flat()[0];
  const address = field(first, "hostname") ?? field(first, "ip");
  return typeof address === "string" ? address : "";
}

/** Resource options of the component: the Kubernetes provider is required, never built here. */
export interface IngestorAppOptions extends pulumi.ComponentResourceOptions {
  /** The cluster to deploy to (from the cloud package). */
  readonly provider: k8s.Provider;
}

export const INGESTOR_APP_TYPE = "event-ingestor:k8s:App";

type Planned = PlannedEntry<pulumi.Input<string>>;

/** The Pulumi resource of one planned object; the switch is exhaustive over the built-in kinds. */
function createResource(name: string, e: Planned, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  if (e.custom) return new k8s.apiextensions.CustomResource(name, e.object, opts);
  const o = e.object;
  switch (o.kind) {
    case "Namespace":
      return new k8s.core.v1.Namespace(name, o, opts);
    case "ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, o, opts);
    case "ConfigMap":
      return new k8s.core.v1.ConfigMap(name, o, opts);
    case "Secret":
      return new k8s.core.v1.Secret(name, o, opts);
    case "Service":
      return new k8s.core.v1.Service(name, o, opts);
    case "Job":
      return new k8s.batch.v1.Job(name, o, opts);
    case "Deployment":
      return new k8s.apps.v1.Deployment(name, o, opts);
    case "HorizontalPodAutoscaler":
      return new k8s.autoscaling.v2.HorizontalPodAutoscaler(name, o, opts);
    case "PodDisruptionBudget":
      return new k8s.policy.v1.PodDisruptionBudget(name, o, opts);
    case "NetworkPolicy":
      return new k8s.networking.v1.NetworkPolicy(name, o, opts);
    case "Ingress":
      return new k8s.networking.v1.Ingress(name, o, opts);
  }
}

/** Keys of a record whose values may be outputs, each with a plain placeholder: validation reads keys only. */
const keysOnly = (record: Readonly<Record<string, unknown>> | undefined) =>
  Object.fromEntries(Object.keys(record ?? {}).map((k) => [k, "x"]));

const isPlain = (values: Readonly<Record<string, pulumi.Input<string>>>): values is Record<string, string> =>
  Object.values(values).every((v) => typeof v === "string");

/**
 * The ingestor on Kubernetes: the objects of {@link buildObjects} (the same plan), created through the
 * injected provider. They are plain objects: only the image, config values (a managed Kafka's address) and
 * the checksums over them, secret values, and ServiceAccount / Ingress annotation values may be outputs, so a
 * new digest leaves the rest readable in a preview. Arguments are checked before anything is registered; a
 * problem fails the deployment with a ResourceError.
 */
export class IngestorApp extends pulumi.ComponentResource {
  /** Name of the ClusterIP Service (port 80). */
  readonly serviceName: pulumi.Output<string>;
  /** Namespace the objects live in. */
  readonly namespace: pulumi.Output<string>;
  /** Load balancer hostname or IP from the Ingress status; empty when there is no Ingress. */
  readonly ingressAddress: pulumi.Output<string>;

  constructor(name: string, args: IngestorAppArgs, opts: IngestorAppOptions) {
    super(INGESTOR_APP_TYPE, name, {}, opts);
    const config = args.config ?? {};
    const secretConfig = args.secretConfig ?? {};
    const known = Object.fromEntries(
      Object.entries(config).filter((e): e is [string, string] => typeof e[1] === "string"),
    );
    // Keys are checked now; values that are outputs are checked (KAFKA_BROKERS) once known.
    const plain: PlainArgs = {
      ...args,
      config: known,
      serviceAccountAnnotations: keysOnly(args.serviceAccountAnnotations),
      ingress: args.ingress && { ...args.ingress, annotations: keysOnly(args.ingress.annotations) },
      topicsJob: args.topicsJob && {
        serviceAccountAnnotations: keysOnly(args.topicsJob.serviceAccountAnnotations),
      },
    };
    const resolved = resolveSettings(plain, {
      secretKeys: Object.keys(secretConfig),
      deferredConfigKeys: Object.keys(config).filter((k) => !(k in known)),
    });
    const allowMutable = args.allowMutableImageTag ?? false;
    // A plain image is checked now too, and listed with the other problems.
    const imageIssue = typeof args.image === "string" ? checkImage(args.image, allowMutable) : undefined;
    const issues = [
      ...(imageIssue === undefined ? [] : [imageIssue]),
      ...(resolved.ok ? [] : resolved.issues),
    ];
    if (!resolved.ok || issues.length > 0) throw new pulumi.ResourceError(formatIssues(issues), this);
    const s = resolved.value;

    const checkedConfig = { ...config, ...this.checkedBrokers(config["KAFKA_BROKERS"]) };
    const objects = planObjects<pulumi.Input<string>>(s, {
      image: this.checkedImage(args.image, allowMutable),
      config: checkedConfig,
      // Plain config keeps the whole Deployment known in a preview; only a config output makes this one.
      configChecksum: isPlain(config)
        ? checksum(config)
        : pulumi.output(checkedConfig).apply((values) => checksum(values)),
      secretValues: Object.fromEntries(
        Object.entries(secretConfig).map(([key, value]) => [key, pulumi.secret(value)]),
      ),
      // A rotated secret rolls the pods. A SHA-256 of the values is not the values: unsecret it, or Pulumi
      // would hide the whole Deployment in diffs.
      secretChecksum: pulumi.unsecret(pulumi.output(secretConfig).apply((values) => checksum(values))),
      serviceAccountAnnotations: args.serviceAccountAnnotations ?? {},
      ingressAnnotations: args.ingress?.annotations ?? {},
      topicsServiceAccountAnnotations: args.topicsJob?.serviceAccountAnnotations ?? {},
    });

    const created = new Map<string, pulumi.CustomResource>();
    const base = { parent: this, provider: opts.provider };
    for (const e of objects) {
      const after = [...(e.id === "ns" ? [] : ["ns"]), ...e.after].flatMap((id) => created.get(id) ?? []);
      const dependsOn = [...after, ...(e.waits ? (args.waitFor ?? []) : [])];
      created.set(e.id, createResource(`${name}-${e.id}`, e, { ...base, dependsOn }));
    }

    const service = created.get("service");
    const ingress = created.get("ingress");
    this.serviceName =
      service instanceof k8s.core.v1.Service ? service.metadata.name : pulumi.output(s.appName);
    this.namespace = pulumi.output(s.namespace);
    this.ingressAddress =
      ingress instanceof k8s.networking.v1.Ingress
        ? ingress.status.apply((status: unknown) => ingressAddressOf(status))
        : pulumi.output("");
    this.registerOutputs({
      serviceName: this.serviceName,
      namespace: this.namespace,
      ingressAddress: this.ingressAddress,
    });
  }

  /**
   * The image as the Deployment gets it. A plain string was checked with the other arguments; an output is
   * checked once its value is known, failing the Deployment's registration: a tag-only image never applies.
   */
  private checkedImage(image: pulumi.Input<string>, allowMutable: boolean): pulumi.Input<string> {
    if (typeof image === "string") return image;
    return pulumi.output(image).apply((ref) => {
      const issue = checkImage(ref, allowMutable);
      if (issue !== undefined) throw new pulumi.ResourceError(formatIssues([issue]), this);
      return ref;
    });
  }

  /** KAFKA_BROKERS given as an output, checked once known (a plain one was checked with the arguments). */
  private checkedBrokers(brokers: pulumi.Input<string> | undefined): Record<string, pulumi.Input<string>> {
    if (brokers === undefined || typeof brokers === "string") return {};
    const checked = pulumi.output(brokers).apply((value) => {
      const issue = brokersIssue(value);
      if (issue !== undefined) throw new pulumi.ResourceError(formatIssues([issue]), this);
      return value;
    });
    return { KAFKA_BROKERS: checked };
  }
}
