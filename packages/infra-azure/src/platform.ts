import * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createCluster } from "./cluster.js";
import { AzureConfigError, type AzureConfig } from "./config.js";
import { appRoutingIngress } from "./ingress.js";
import { resolveDeployer } from "./deployer.js";
import { createWorkloadIdentity } from "./identity.js";
import { createManagedKafka } from "./kafka.js";
import { createManagedMetrics } from "./metrics.js";
import {
  credentialsCommand,
  decodeKubeconfig,
  KubeconfigFormatError,
  usableKubeconfig,
} from "./kubeconfig.js";
import { createNetwork } from "./network.js";
import { createRegistry } from "./registry.js";
import type { AzurePlatform, PlatformRequest } from "./types.js";
import { azureClientIdAnnotation, azureUseLabel } from "./wiring.js";

/** Groups the platform's resources under one node in `pulumi preview`. */
class AzurePlatformComponent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("event-ingestor:azure:Platform", name);
  }

  /** Records the headline outputs once every child exists. */
  complete(outputs: pulumi.Inputs): void {
    this.registerOutputs(outputs);
  }
}

/**
 * Creates the Azure side of the ingestor: resource group, VNet and node subnet, AKS with workload identity and app
 * routing, ACR with AcrPull for the kubelet, and the ingestor's managed identity with its federated credential;
 * Event Hubs as managed Kafka and Azure Monitor managed Prometheus on request.
 */
export function createPlatform(req: PlatformRequest, config: AzureConfig): AzurePlatform {
  const component = new AzurePlatformComponent(req.name);
  const deployer = resolveDeployer(component);
  const group = new resources.ResourceGroup(
    `${req.name}-rg`,
    { location: config.location },
    { parent: component },
  );
  const scope = { parent: component, resourceGroupName: group.name, location: config.location };

  const network = createNetwork(req.name, config, scope);
  const tls = req.ingress?.tls === true;
  if (tls && config.tlsCertificateUri === undefined) {
    throw new AzureConfigError([
      "event-ingestor:app.tls needs azure.tlsCertificateUri and azure.keyVaultId (a Key Vault certificate for the host)",
    ]);
  }
  const aks = createCluster(req.name, config, { network, deployer, tls }, scope);
  const registry = createRegistry(
    config,
    { name: req.name, kubeletObjectId: aks.kubeletObjectId, deployer },
    scope,
  );
  const workload = createWorkloadIdentity(
    req.name,
    {
      oidcIssuerUrl: aks.oidcIssuerUrl,
      namespace: req.namespace,
      serviceAccountName: req.serviceAccountName,
    },
    scope,
  );

  const credentials = containerservice.listManagedClusterUserCredentialsOutput(
    { resourceGroupName: group.name, resourceName: aks.cluster.name },
    { parent: component },
  );
  const kubeconfig = pulumi.secret(
    pulumi.all([credentials.kubeconfigs, aks.cluster.name]).apply(([kubeconfigs, clusterName]) => {
      const first = kubeconfigs[0];
      if (first === undefined) throw new KubeconfigFormatError("AKS returned no user kubeconfig");
      return usableKubeconfig(decodeKubeconfig(first.value), clusterName, config.entraId);
    }),
  );
  const provider = new k8s.Provider(
    `${req.name}-aks`,
    { kubeconfig, enableServerSideApply: true },
    // In Entra mode the deployer's cluster-admin grant must exist before the first object is applied.
    { parent: component, dependsOn: [aks.cluster, ...aks.grants] },
  );

  component.complete({ clusterName: aks.cluster.name, repositoryUrl: registry.access.repositoryUrl });
  return {
    provider,
    registry: registry.access,
    ingressFlavour: "azure-approuting",
    ingress: {
      ...appRoutingIngress(req.ingress, config.tlsCertificateUri),
      address: undefined,
      afterApp: undefined,
    },
    serviceAccountAnnotations: { [azureClientIdAnnotation]: workload.identity.clientId },
    podLabels: { [azureUseLabel]: "true" },
    dependsOn: [
      aks.cluster,
      registry.kubeletPull,
      workload.credential,
      ...aks.grants,
      ...aks.appRoutingGrants,
    ],
    createManagedKafka: (request) =>
      createManagedKafka(
        req.name,
        config,
        { workloadPrincipalId: workload.identity.principalId, subscriptionId: deployer.subscriptionId },
        request,
        scope,
      ),
    createManagedMetrics: () => createManagedMetrics(req.name, config, aks.cluster, scope),
    outputs: {
      clusterName: aks.cluster.name,
      kubeconfig,
      credentialsCommand: pulumi
        .all([group.name, aks.cluster.name])
        .apply(([groupName, clusterName]) => credentialsCommand(groupName, clusterName, config.entraId)),
    },
  };
}
