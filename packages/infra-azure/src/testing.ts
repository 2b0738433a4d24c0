// Fakes of what the azure-native provider computes, for Pulumi mocks: this package's tests and the stack's
// program tests use the same ones (`@event-ingestor/infra-azure/testing`).
import type { Props, ProviderFakes } from "@event-ingestor/platform/testing";

const tenantId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

export const AZURE_FAKE = {
  subscriptionId: "11111111-2222-3333-4444-555555555555",
  tenantId,
  // An Entra user token: header.claims.signature, with the claim that marks a user (not an app) token.
  entraToken: [
    "e30",
    Buffer.from(JSON.stringify({ idtyp: "user", scp: "user_impersonation" })).toString("base64url"),
    "sig",
  ].join("."),
  issuerUrl: `https://westeurope.oic.prod-aks.azure.com/${tenantId}/cluster-guid/`,
  kubeconfig: [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: aks",
    "  cluster:",
    "    server: https://aks-dns.hcp.westeurope.azmk8s.io:443",
    "    certificate-authority-data: Q0EtREFUQQ==",
    "users:",
    "- name: clusterUser",
    "  user:",
    "    exec:",
    "      command: kubelogin",
    "      args: [get-token, --login, devicecode]",
    "",
  ].join("\n"),
} as const;

export function azureProviderFakes(f: typeof AZURE_FAKE = AZURE_FAKE): ProviderFakes {
  return {
    resources: {
      "azure-native:containerservice:ManagedCluster": ({ name }) => ({
        identity: { type: "SystemAssigned", principalId: `${name}-cluster-principal`, tenantId: f.tenantId },
        identityProfile: {
          kubeletidentity: { objectId: `${name}-kubelet-object`, clientId: "kubelet-client" },
        },
        oidcIssuerProfile: { enabled: true, issuerURL: f.issuerUrl },
        ingressProfile: {
          webAppRouting: {
            enabled: true,
            identity: { objectId: `${name}-approuting-object`, clientId: "approuting-client" },
          },
        },
      }),
      "azure-native:containerregistry:Registry": ({ inputs }) => ({
        loginServer: `${String(inputs["registryName"])}.azurecr.io`,
      }),
      "azure-native:monitor:AzureMonitorWorkspace": ({ name }) => ({
        metrics: {
          internalId: `mac_${name}`,
          prometheusQueryEndpoint: `https://${name}.westeurope.prometheus.monitor.azure.com`,
        },
      }),
      "azure-native:managedidentity:UserAssignedIdentity": ({ name }) => ({
        clientId: `${name}-client-id`,
        principalId: `${name}-principal`,
      }),
    },
    invokes: {
      "azure-native:authorization:getClientConfig": (): Props => ({
        clientId: "deployer-client",
        objectId: "deployer-object",
        subscriptionId: f.subscriptionId,
        tenantId: f.tenantId,
      }),
      "azure-native:authorization:getClientToken": (): Props => ({ token: f.entraToken }),
      "azure-native:containerservice:listManagedClusterUserCredentials": (): Props => ({
        kubeconfigs: [{ name: "clusterUser", value: Buffer.from(f.kubeconfig).toString("base64") }],
      }),
    },
  };
}
