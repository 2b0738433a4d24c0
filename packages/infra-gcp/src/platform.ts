import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { enableApis } from "./apis.js";
import { createCluster } from "./cluster.js";
import type { GcpConfig } from "./config.js";
import { createNodeIdentity, createWorkloadIdentity, grantPreviewAccess } from "./identity.js";
import { createManagedKafka } from "./kafka.js";
import { createManagedMetrics } from "./metrics.js";
import { buildKubeconfig, credentialsCommand } from "./kubeconfig.js";
import { createNetwork } from "./network.js";
import { createRegistry } from "./registry.js";
import { createGceIngress } from "./tls.js";
import type { GcpPlatform, PlatformRequest } from "./types.js";
import { gcpServiceAccountAnnotation } from "./wiring.js";

/** Groups the platform's resources under one node in `pulumi preview`. */
class GcpPlatformComponent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("event-ingestor:gcp:Platform", name);
  }

  /** Records the headline outputs once every child exists. */
  complete(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

/**
 * Creates the GCP side of the ingestor: VPC-native network with Cloud NAT, a Standard GKE cluster with private
 * nodes and workload identity, an Artifact Registry repository, and the ingestor's Google service account;
 * Managed Kafka on request (`createManagedKafka`).
 */
export function createPlatform(req: PlatformRequest, config: GcpConfig): GcpPlatform {
  const component = new GcpPlatformComponent(req.name);
  const scope = { parent: component, apis: enableApis(req.name, config, component) };

  const network = createNetwork(req.name, config, scope);
  const nodes = createNodeIdentity(req.name, config, scope);
  const { cluster, nodePool } = createCluster(
    req.name,
    config,
    { network, nodeServiceAccount: nodes.account.email, nodePoolDependsOn: [...nodes.grants, network.nat] },
    scope,
  );
  const registry = createRegistry(config, { name: req.name, nodeServiceAccount: nodes.account.email }, scope);
  const workload = createWorkloadIdentity(
    req.name,
    config,
    req.namespace,
    req.serviceAccountName,
    cluster,
    scope,
  );

  grantPreviewAccess(req.name, config, scope);

  const kubeconfig = pulumi.secret(
    pulumi
      .all([cluster.name, cluster.location, cluster.endpoint, cluster.masterAuth])
      .apply(([name, location, endpoint, masterAuth]) =>
        buildKubeconfig({
          contextName: `gke_${config.project}_${location}_${name}`,
          endpoint,
          clusterCaCertificate: masterAuth.clusterCaCertificate,
        }),
      ),
  );
  const provider = new k8s.Provider(
    `${req.name}-gke`,
    { kubeconfig, enableServerSideApply: true },
    // A provider built before the nodes exist would let the app's objects race the node pool.
    { parent: component, dependsOn: [nodePool] },
  );

  const ingress = createGceIngress(req.ingress, config, scope);

  component.complete({ clusterName: cluster.name, repositoryUrl: registry.access.repositoryUrl });
  return {
    provider,
    registry: registry.access,
    ingressFlavour: "gce",
    ingress,
    serviceAccountAnnotations: { [gcpServiceAccountAnnotation]: workload.account.email },
    podLabels: {},
    dependsOn: [nodePool, registry.nodeReader, workload.binding, ...ingress.dependsOn],
    createManagedKafka: (request) =>
      createManagedKafka(
        req.name,
        config,
        { subnetworkName: network.subnetwork.name, workloadEmail: workload.account.email },
        request,
        scope,
      ),
    createManagedMetrics: () => createManagedMetrics(config, cluster),
    outputs: {
      clusterName: cluster.name,
      kubeconfig,
      credentialsCommand: pulumi
        .all([cluster.name, cluster.location])
        .apply(([name, location]) => credentialsCommand(name, location, config.project)),
    },
  };
}
