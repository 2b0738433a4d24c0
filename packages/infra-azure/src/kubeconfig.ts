// Turns the kubeconfig AKS hands out into the one the Kubernetes provider and CI can use non-interactively.
import { parse } from "yaml";

/** Entra application id of the AKS AAD server, the audience of every AKS Entra token (same in every tenant). */
export const aksEntraServerId = "6dae42f8-4368-4678-94ff-3960e28e3630";

/** The kubeconfig from AKS lacks the cluster address or CA. */
export class KubeconfigFormatError extends Error {
  override readonly name = "KubeconfigFormatError";
}

interface ClusterEntry {
  readonly server: string;
  readonly certificateAuthorityData: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value))
    : undefined;
}

function firstCluster(kubeconfig: string): ClusterEntry {
  const doc = record(parse(kubeconfig));
  const clusters = doc?.["clusters"];
  const entry = Array.isArray(clusters) ? record(record(clusters[0])?.["cluster"]) : undefined;
  const server = entry?.["server"];
  const ca = entry?.["certificate-authority-data"];
  if (typeof server !== "string" || typeof ca !== "string") {
    throw new KubeconfigFormatError(
      "the AKS kubeconfig has no cluster server and certificate-authority-data",
    );
  }
  return { server, certificateAuthorityData: ca };
}

/** Decodes one base64 kubeconfig as `listManagedClusterUserCredentials` returns it. */
export function decodeKubeconfig(base64: string): string {
  return Buffer.from(base64, "base64").toString("utf8");
}

/**
 * The kubeconfig to use. With local accounts AKS's own is complete (a client certificate). With Entra ID it would
 * start an interactive device-code login, so it is rebuilt around `kubelogin --login azurecli`: it reuses the
 * `az login` session locally and in CI (azure/login with OIDC), and holds no token itself. JSON is valid YAML.
 */
export function usableKubeconfig(aksKubeconfig: string, contextName: string, entraId: boolean): string {
  if (!entraId) return aksKubeconfig;
  const cluster = firstCluster(aksKubeconfig);
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: contextName,
          cluster: { server: cluster.server, "certificate-authority-data": cluster.certificateAuthorityData },
        },
      ],
      contexts: [{ name: contextName, context: { cluster: contextName, user: contextName } }],
      "current-context": contextName,
      users: [
        {
          name: contextName,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "kubelogin",
              args: ["get-token", "--login", "azurecli", "--server-id", aksEntraServerId],
              installHint: "Install kubelogin: `az aks install-cli`.",
              provideClusterInfo: false,
              interactiveMode: "Never",
            },
          },
        },
      ],
    },
    null,
    2,
  );
}

/** The commands that write this cluster's credentials into ~/.kube/config. */
export function credentialsCommand(resourceGroup: string, clusterName: string, entraId: boolean): string {
  const getCredentials = `az aks get-credentials --resource-group ${resourceGroup} --name ${clusterName} --overwrite-existing`;
  return entraId ? `${getCredentials} && kubelogin convert-kubeconfig --login azurecli` : getCredentials;
}
