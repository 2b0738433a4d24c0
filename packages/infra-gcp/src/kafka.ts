// GCP Managed Service for Apache Kafka for the ingestor: a cluster reachable from the GKE subnetwork, the app's
// topics, and the right to connect for the app's Google service account. No password anywhere: the pods
// authenticate with SASL/OAUTHBEARER using their workload identity's access token (ingestor `oauthbearer-gcp`).
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaRequest, ManagedKafka } from "@event-ingestor/platform";
import { enableApi } from "./apis.js";
import type { GcpConfig } from "./config.js";
import { options, type Scope } from "./scope.js";
import { bootstrapAddress, managedKafkaConnection } from "./wiring.js";

/** The API the cluster and topics are created through. */
export const managedKafkaApi = "managedkafka.googleapis.com";

/** Replicas of every partition: one per zone of the region, what Google recommends for availability. */
export const topicReplicationFactor = 3;
/**
 * Written on every topic so `acks=all` means two copies on two zones whatever the cluster default, and the
 * ingestor's readiness check (KAFKA_MIN_ISR_REQUIRED, which the stack sets to 2) sees the value it requires.
 */
export const topicMinInsyncReplicas = 2;

/**
 * The role that carries `managedkafka.clusters.connect`, which SASL clients need. Granted on the project: the
 * provider has no IAM resource for a Managed Kafka cluster (no `managedkafka.ClusterIamMember` in @pulumi/gcp
 * 9.37) and Google documents no narrower level for this role, so the project is the narrowest scope there is.
 */
export const kafkaClientRole = "roles/managedkafka.client";

/** The subnetwork path the cluster's access config wants (`projects/P/regions/R/subnetworks/S`). */
export function subnetPath(
  project: string,
  region: string,
  subnetwork: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.interpolate`projects/${project}/regions/${region}/subnetworks/${subnetwork}`;
}

/** A cluster id (RFC 1035 label, 1-63 characters) from the base name. */
export function kafkaClusterId(base: string): string {
  const suffix = "-kafka";
  const head = base
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/^[^a-z]+/, "")
    .slice(0, 63 - suffix.length)
    .replace(/-+$/, "");
  return `${head === "" ? "ingestor" : head}${suffix}`;
}

export interface GcpKafkaArgs {
  /** Name of the GKE nodes' subnetwork: the cluster gets addresses (and DNS names) in it. */
  readonly subnetworkName: pulumi.Input<string>;
  /** Email of the app's Google service account (the one the pods' ServiceAccount is bound to). */
  readonly workloadEmail: pulumi.Input<string>;
}

/** Creates the cluster, its topics and the app's client grant; returns how the ingestor connects. */
export function createManagedKafka(
  name: string,
  config: GcpConfig,
  args: GcpKafkaArgs,
  request: KafkaRequest,
  scope: Scope,
): ManagedKafka {
  const api = enableApi(name, config, managedKafkaApi, scope.parent);
  const inScope: Scope = { parent: scope.parent, apis: [...scope.apis, ...api] };
  const clusterId = kafkaClusterId(name);

  const cluster = new gcp.managedkafka.Cluster(
    `${name}-kafka`,
    {
      project: config.project,
      location: config.region,
      clusterId,
      capacityConfig: {
        vcpuCount: String(config.kafkaVcpuCount),
        memoryBytes: String(config.kafkaMemoryGib * 1024 ** 3),
      },
      gcpConfig: {
        accessConfig: {
          networkConfigs: [{ subnet: subnetPath(config.project, config.region, args.subnetworkName) }],
        },
      },
    },
    options(inScope),
  );

  const topics = request.topics.map(
    (topic) =>
      new gcp.managedkafka.Topic(
        `${name}-topic-${topic.name}`,
        {
          project: config.project,
          location: config.region,
          cluster: cluster.clusterId,
          topicId: topic.name,
          partitionCount: topic.partitions,
          replicationFactor: topicReplicationFactor,
          configs: { "min.insync.replicas": String(topicMinInsyncReplicas) },
        },
        options(inScope),
      ),
  );

  const clientGrant = new gcp.projects.IAMMember(
    `${name}-kafka-client`,
    {
      project: config.project,
      role: kafkaClientRole,
      member: pulumi.interpolate`serviceAccount:${args.workloadEmail}`,
    },
    options(inScope),
  );

  return {
    bootstrapServers: cluster.clusterId.apply((id) => bootstrapAddress(id, config.region, config.project)),
    ...managedKafkaConnection,
    dependsOn: [cluster, ...topics, clientGrant],
  };
}
