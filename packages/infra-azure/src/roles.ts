// Built-in Azure role definition ids (the same in every tenant).
import * as pulumi from "@pulumi/pulumi";

export const builtInRoles = {
  acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  acrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
  aksRbacClusterAdmin: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
  /** Azure Kubernetes Service RBAC Reader: read most Kubernetes objects (not Secrets, roles or bindings). */
  aksRbacReader: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  dnsZoneContributor: "befefa01-2a29-4197-83a8-272ff33ce314",
  /** Azure Event Hubs Data Sender: send (Kafka produce) to event hubs in its scope, nothing else. */
  eventHubsDataSender: "2b629674-e913-4c01-ae53-ef4638d8f975",
} as const;

/** The full resource id a role assignment wants for a built-in role in `subscriptionId`. */
export function roleDefinitionId(
  subscriptionId: pulumi.Input<string>,
  role: keyof typeof builtInRoles,
): pulumi.Output<string> {
  return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${builtInRoles[role]}`;
}
