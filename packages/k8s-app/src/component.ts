import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { IngestorAppArgs } from "./args.js";
import { buildConfigMap } from "./builders/configMap.js";
import { buildDeployment } from "./builders/deployment.js";
import { buildHpa } from "./builders/hpa.js";
import { buildIngress } from "./builders/ingress.js";
import { buildNamespace } from "./builders/namespace.js";
import { buildNetworkPolicy } from "./builders/networkPolicy.js";
import { buildPdb } from "./builders/pdb.js";
import { buildSecret } from "./builders/secret.js";
import { buildService } from "./builders/service.js";
import { buildServiceAccount } from "./builders/serviceAccount.js";
import { buildServiceMonitor } from "./builders/serviceMonitor.js";
import { isRecord } from "./checks.js";
import { formatIssues } from "./errors.js";
import { checkImage } from "./image.js";
import { checksum } from "./labels.js";
import type { Settings } from "./settings.js";
import { resolveSettings } from "./validate.js";

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

/**
 * The ingestor on Kubernetes: the objects of {@link buildObjects}, created through the injected provider.
 * Arguments are checked before anything is registered; a problem fails the deployment with a ResourceError.
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
    const secretConfig = args.secretConfig ?? {};
    const annotations = args.serviceAccountAnnotations ?? {};
    // Keys are checked now; values may be outputs, so a placeholder stands in for validation.
    const resolved = resolveSettings(
      {
        ...args,
        serviceAccountAnnotations: Object.fromEntries(Object.keys(annotations).map((k) => [k, "x"])),
      },
      Object.keys(secretConfig),
    );
    if (!resolved.ok) throw new pulumi.ResourceError(formatIssues(resolved.issues), this);
    const s = resolved.value;
    const allowMutable = args.allowMutableImageTag ?? false;
    // A plain image fails here, before any resource is registered; a digest output is checked once known.
    if (typeof args.image === "string") {
      const issue = checkImage(args.image, allowMutable);
      if (issue !== undefined) throw new pulumi.ResourceError(formatIssues([issue]), this);
    }
    const image = pulumi.output(args.image).apply((ref) => {
      const issue = checkImage(ref, allowMutable);
      if (issue !== undefined) throw new pulumi.ResourceError(formatIssues([issue]), this);
      return ref;
    });

    const children = this.createChildren(name, s, secretConfig, image, opts.provider, annotations);
    this.serviceName = children.service.metadata.name;
    this.namespace = pulumi.output(s.namespace);
    this.ingressAddress =
      children.ingress === undefined
        ? pulumi.output("")
        : children.ingress.status.apply((status: unknown) => ingressAddressOf(status));
    this.registerOutputs({
      serviceName: this.serviceName,
      namespace: this.namespace,
      ingressAddress: this.ingressAddress,
    });
  }

  private createChildren(
    name: string,
    s: Settings,
    secretConfig: Readonly<Record<string, pulumi.Input<string>>>,
    image: pulumi.Output<string>,
    provider: k8s.Provider,
    annotations: Readonly<Record<string, pulumi.Input<string>>>,
  ) {
    const base = { parent: this, provider };
    const ns = s.createNamespace
      ? new k8s.core.v1.Namespace(`${name}-ns`, buildNamespace(s), base)
      : undefined;
    // Everything namespaced waits for the namespace when the component creates it.
    const opts: pulumi.CustomResourceOptions = { ...base, dependsOn: ns === undefined ? [] : [ns] };
    const saObject = buildServiceAccount(s);
    const sa = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        ...saObject,
        metadata: { ...saObject.metadata, annotations: { ...saObject.metadata.annotations, ...annotations } },
      },
      opts,
    );
    const cm = new k8s.core.v1.ConfigMap(`${name}-config`, buildConfigMap(s), opts);
    const hasSecret = s.secretKeys.length > 0;
    const secretValues = Object.fromEntries(
      Object.entries(secretConfig).map(([key, value]) => [key, pulumi.secret(value)]),
    );
    const secret = hasSecret
      ? new k8s.core.v1.Secret(`${name}-secrets`, buildSecret(s, secretValues), opts)
      : undefined;
    const service = new k8s.core.v1.Service(`${name}-service`, buildService(s), opts);
    // The pod template carries a checksum of the secret values so a rotated secret rolls the pods. A SHA-256
    // of the values is not the values: unsecret it, or the whole Deployment spec would be hidden in diffs.
    const secretChecksum = hasSecret
      ? pulumi.unsecret(pulumi.output(secretConfig).apply((values) => checksum(values)))
      : pulumi.output(undefined);
    const deploymentObject = pulumi
      .all([image, secretChecksum])
      .apply(([ref, sum]) => buildDeployment(s, { image: ref, secretChecksum: sum }));
    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: buildDeployment(s, { image: "", secretChecksum: undefined }).metadata,
        spec: deploymentObject.spec,
      },
      {
        ...opts,
        dependsOn: [...(ns === undefined ? [] : [ns]), sa, cm, ...(secret === undefined ? [] : [secret])],
      },
    );
    const hpa = buildHpa(s);
    if (hpa !== undefined) {
      new k8s.autoscaling.v2.HorizontalPodAutoscaler(`${name}-hpa`, hpa, {
        ...opts,
        dependsOn: [deployment],
      });
    }
    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, buildPdb(s), opts);
    const networkPolicy = buildNetworkPolicy(s);
    if (networkPolicy !== undefined) {
      new k8s.networking.v1.NetworkPolicy(`${name}-netpol`, networkPolicy, opts);
    }
    const ingressObject = buildIngress(s);
    const ingress =
      ingressObject === undefined
        ? undefined
        : new k8s.networking.v1.Ingress(`${name}-ingress`, ingressObject, { ...opts, dependsOn: [service] });
    const serviceMonitor = buildServiceMonitor(s);
    if (serviceMonitor !== undefined) {
      new k8s.apiextensions.CustomResource(`${name}-servicemonitor`, serviceMonitor, {
        ...opts,
        dependsOn: [service],
      });
    }
    return { service, ingress };
  }
}
