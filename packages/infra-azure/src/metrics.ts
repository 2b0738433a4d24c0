// Azure Monitor managed service for Prometheus for the app: an Azure Monitor workspace, and what links the
// cluster's metrics add-on (azureMonitorProfile, cluster.ts) to it. The app renders an `azure-monitor` scrape
// object (the add-on's PodMonitor CRD) that selects its pods. This is what `az aks update
// --enable-azure-monitor-metrics` creates: a data collection endpoint and rule with a Prometheus forwarder into
// the workspace, associated with the cluster.
import type * as containerservice from "@pulumi/azure-native/containerservice/index.js";
import * as monitor from "@pulumi/azure-native/monitor/index.js";
import type { ManagedMetrics } from "@event-ingestor/platform";
import { AzureConfigError, type AzureConfig } from "./config.js";
import type { Scope } from "./scope.js";
import { metricsScrape } from "./wiring.js";

/** The stream the add-on sends and the rule forwards. */
export const prometheusStream = "Microsoft-PrometheusMetrics";
/** The association name the add-on looks for on the cluster (as `az aks update` names it). */
export const metricsAssociationName = "ContainerInsightsMetricsExtension";
const destination = "MonitoringAccount1";

/** Creates the workspace, the collection endpoint and rule, and their association with the cluster. */
export function createManagedMetrics(
  name: string,
  config: AzureConfig,
  cluster: containerservice.ManagedCluster,
  scope: Scope,
): ManagedMetrics {
  if (!config.managedPrometheus) {
    // The add-on is part of the cluster's definition, so it cannot be switched on from here.
    throw new AzureConfigError([
      "managed metrics need the AKS metrics add-on, set when the cluster is created: `pulumi config set --path azure.managedPrometheus true --stack azure`",
    ]);
  }
  const opts = { parent: scope.parent };
  const base = { resourceGroupName: scope.resourceGroupName, location: scope.location };
  const workspace = new monitor.AzureMonitorWorkspace(`${name}-prometheus`, base, opts);
  const endpoint = new monitor.DataCollectionEndpoint(`${name}-prometheus`, { ...base, kind: "Linux" }, opts);
  const rule = new monitor.DataCollectionRule(
    `${name}-prometheus`,
    {
      ...base,
      kind: "Linux",
      dataCollectionEndpointId: endpoint.id,
      dataSources: {
        prometheusForwarder: [
          { name: "PrometheusDataSource", streams: [prometheusStream], labelIncludeFilter: {} },
        ],
      },
      destinations: { monitoringAccounts: [{ name: destination, accountResourceId: workspace.id }] },
      dataFlows: [{ streams: [prometheusStream], destinations: [destination] }],
    },
    opts,
  );
  const association = new monitor.DataCollectionRuleAssociation(
    `${name}-prometheus`,
    { associationName: metricsAssociationName, resourceUri: cluster.id, dataCollectionRuleId: rule.id },
    opts,
  );
  return {
    scrape: metricsScrape,
    // The add-on's CRDs come with the cluster; the rule's association makes the scraped samples land somewhere.
    dependsOn: [cluster, association],
    queryEndpoint: workspace.metrics.apply((metrics) => metrics.prometheusQueryEndpoint),
  };
}
