// The shapes this package hands the entry program. They mirror `CloudPlatform` in packages/stack by structure only:
// cloud packages must not depend on `stack`, and the stack checks compatibility with an assignment at typecheck.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** What the entry program asks for: the names the cloud binds its workload identity to. */
export interface PlatformRequest {
  /** Base name for the cloud's resources, e.g. `event-ingestor`. */
  readonly name: string;
  /** Kubernetes namespace the ingestor runs in. */
  readonly namespace: string;
  /** Kubernetes ServiceAccount of the ingestor's pods; the managed identity trusts exactly this one. */
  readonly serviceAccountName: string;
}

/** Registry coordinates and short-lived push credentials. */
export interface RegistryAccess {
  /** Image path without a tag: `<registry>.azurecr.io/<image>`. */
  readonly repositoryUrl: pulumi.Output<string>;
  /** Registry host for `docker login`. */
  readonly server: pulumi.Output<string>;
  readonly username: pulumi.Output<string>;
  /** Secret: an ACR refresh token exchanged for the deploying identity's Entra token, valid for about three hours. */
  readonly password: pulumi.Output<string>;
}

/** Everything the entry program needs from Azure; structurally a `CloudPlatform` with `ingressFlavour: "azure-approuting"`. */
export interface AzurePlatform {
  readonly provider: k8s.Provider;
  readonly registry: RegistryAccess;
  readonly ingressFlavour: "azure-approuting";
  readonly serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
  readonly podLabels: Record<string, string>;
  readonly dependsOn: pulumi.Resource[];
  readonly outputs: {
    readonly clusterName: pulumi.Output<string>;
    /** Secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly credentialsCommand: pulumi.Output<string>;
  };
}
