// Pure: builds the kubeconfig text from cluster facts, so it is testable without Pulumi.

export interface KubeconfigArgs {
  /** Context, cluster and user name, e.g. `gke_<project>_<location>_<cluster>` like gcloud writes. */
  readonly contextName: string;
  /** Control-plane address (IP or host), without scheme. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as GKE reports it. */
  readonly clusterCaCertificate: string;
}

/**
 * A kubeconfig that authenticates through `gke-gcloud-auth-plugin` with the caller's gcloud credentials: it holds
 * no token, so it never expires and is safe to hand to the Kubernetes provider across runs. JSON is valid YAML.
 */
export function buildKubeconfig(args: KubeconfigArgs): string {
  const name = args.contextName;
  return JSON.stringify(
    {
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name,
          cluster: {
            server: `https://${args.endpoint}`,
            "certificate-authority-data": args.clusterCaCertificate,
          },
        },
      ],
      contexts: [{ name, context: { cluster: name, user: name } }],
      "current-context": name,
      users: [
        {
          name,
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "gke-gcloud-auth-plugin",
              installHint:
                "Install gke-gcloud-auth-plugin: `gcloud components install gke-gcloud-auth-plugin` " +
                "(or the google-cloud-cli-gke-gcloud-auth-plugin package).",
              provideClusterInfo: true,
              interactiveMode: "IfAvailable",
            },
          },
        },
      ],
    },
    null,
    2,
  );
}

/** The command that writes this cluster's credentials into ~/.kube/config. */
export function credentialsCommand(clusterName: string, location: string, project: string): string {
  return `gcloud container clusters get-credentials ${clusterName} --location ${location} --project ${project}`;
}
