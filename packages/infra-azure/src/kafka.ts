// Azure Event Hubs as the ingestor's managed Kafka: a namespace with the Kafka endpoint, one event hub per topic,
// and the right to send for the app's managed identity. No password anywhere: local (SAS) auth is off and the
// pods authenticate with SASL/OAUTHBEARER using an Entra ID token from workload identity (`oauthbearer-azure`).
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as eventhub from "@pulumi/azure-native/eventhub/index.js";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaRequest, ManagedKafka } from "@event-ingestor/platform";
import type { AzureConfig, EventHubsSku } from "./config.js";
import { roleDefinitionId } from "./roles.js";
import type { Scope } from "./scope.js";
import { eventHubsBootstrap, eventHubsConnection } from "./wiring.js";

/** Partitions an event hub may have per tier (Standard 1-32, Premium 1-100). */
export const maxPartitions: Readonly<Record<EventHubsSku, number>> = { Standard: 32, Premium: 100 };

/** The request asks for what the namespace's tier cannot give. */
export class EventHubsRequestError extends Error {
  override readonly name = "EventHubsRequestError";
  constructor(readonly problems: readonly string[]) {
    super(`managed Kafka on Event Hubs:\n  - ${problems.join("\n  - ")}`);
  }
}

/** Every topic name must be a valid event hub name and its partitions within the tier's range. */
export function requestProblems(request: KafkaRequest, sku: EventHubsSku): string[] {
  const problems: string[] = [];
  for (const topic of request.topics) {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,255}$/.test(topic.name) || /[._-]$/.test(topic.name)) {
      problems.push(
        `topic ${JSON.stringify(topic.name)} is not an event hub name (letters, digits, ".", "_", "-"; starting and ending with a letter or digit)`,
      );
    }
    if (
      !Number.isInteger(topic.partitions) ||
      topic.partitions < 1 ||
      topic.partitions > maxPartitions[sku]
    ) {
      problems.push(
        `topic ${topic.name}: ${topic.partitions} partitions, but an event hub in a ${sku} namespace has 1 to ${maxPartitions[sku]}`,
      );
    }
  }
  return problems;
}

export interface AzureKafkaArgs {
  /** Principal (object) id of the app's user-assigned managed identity. */
  readonly workloadPrincipalId: pulumi.Input<string>;
  readonly subscriptionId: pulumi.Input<string>;
}

/** Creates the namespace, one event hub per topic and the identity's send grants; returns how the app connects. */
export function createManagedKafka(
  name: string,
  config: AzureConfig,
  args: AzureKafkaArgs,
  request: KafkaRequest,
  scope: Scope,
): ManagedKafka {
  const problems = requestProblems(request, config.eventHubsSku);
  if (problems.length > 0) throw new EventHubsRequestError(problems);

  const namespace = new eventhub.Namespace(
    `${name}-kafka`,
    {
      resourceGroupName: scope.resourceGroupName,
      location: scope.location,
      // Basic has no Kafka endpoint; Standard is the smallest tier with one.
      sku: { name: config.eventHubsSku, tier: config.eventHubsSku, capacity: config.eventHubsCapacity },
      kafkaEnabled: true,
      // Entra ID only: no shared access keys exist that could leak.
      disableLocalAuth: true,
      minimumTlsVersion: "1.2",
      // The pods reach the endpoint over the internet through the cluster's outbound load balancer; the
      // endpoint accepts TLS 1.2+ with an Entra ID token only.
      publicNetworkAccess: "Enabled",
    },
    { parent: scope.parent },
  );

  // Per event hub, not the namespace: the identity may send to these topics and no other the namespace holds.
  const topics = request.topics.map((topic) => {
    const hub = new eventhub.EventHub(
      `${name}-hub-${topic.name}`,
      {
        resourceGroupName: scope.resourceGroupName,
        namespaceName: namespace.name,
        eventHubName: topic.name,
        partitionCount: topic.partitions,
        messageRetentionInDays: config.eventHubsRetentionDays,
      },
      { parent: scope.parent },
    );
    const grant = new authorization.RoleAssignment(
      `${name}-hub-${topic.name}-sender`,
      {
        principalId: args.workloadPrincipalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: roleDefinitionId(args.subscriptionId, "eventHubsDataSender"),
        scope: hub.id,
      },
      { parent: scope.parent },
    );
    return { hub, grant };
  });

  return {
    bootstrapServers: namespace.name.apply(eventHubsBootstrap),
    ...eventHubsConnection,
    dependsOn: [namespace, ...topics.map((t) => t.hub), ...topics.map((t) => t.grant)],
  };
}
