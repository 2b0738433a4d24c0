// Google Cloud Managed Service for Prometheus for the app. The cluster runs managed collection (cluster.ts);
// the app's component renders the `PodMonitoring` that selects its pods, and the collectors write the samples
// to Cloud Monitoring as the node service account (which holds roles/monitoring.metricWriter, identity.ts).
import type * as pulumi from "@pulumi/pulumi";
import type { ManagedMetrics } from "@event-ingestor/platform";
import type { GcpConfig } from "./config.js";
import { metricsScrape } from "./wiring.js";

/** The Prometheus HTTP API of a project's Cloud Monitoring (PromQL queries, Grafana data source). */
export function prometheusQueryEndpoint(project: string): string {
  return `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`;
}

/**
 * The app's scrape object is a `PodMonitoring`; its CRD exists once the cluster does (GKE installs it with
 * managed collection), so the app waits for the cluster.
 */
export function createManagedMetrics(
  config: GcpConfig,
  cluster: pulumi.Resource & { readonly name: pulumi.Output<string> },
): ManagedMetrics {
  return {
    scrape: metricsScrape,
    dependsOn: [cluster],
    queryEndpoint: cluster.name.apply(() => prometheusQueryEndpoint(config.project)),
  };
}
