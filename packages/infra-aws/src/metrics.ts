// Managed Prometheus on AWS: an Amazon Managed Service for Prometheus workspace, filled by AMP's managed
// collector (agentless scraper). Chosen over a ServiceMonitor and an in-cluster agent (ADOT or Prometheus in
// agent mode, remote-writing to the workspace) because nothing then runs, upgrades or needs an IAM role in the
// cluster: AWS runs the collector in the cluster's subnets, discovers the pods through the Kubernetes API and
// writes to the workspace with its service-linked role. The app's namespace gets no scrape object.
//
// Kubernetes access: the cluster authenticates with access entries only, so AMP creates the collector's access
// entry (with its AWS-managed read policy) when the scraper is created; no ClusterRole or aws-auth mapping here.
import * as aws from "@pulumi/aws";
import type { ManagedMetrics, MetricsRequest } from "@event-ingestor/platform";
import * as pulumi from "@pulumi/pulumi";

/** How often the collector scrapes the pods. */
export const SCRAPE_INTERVAL = "30s";

/** Prometheus' spelling of a pod label in service discovery (`app.kubernetes.io/name` -> `..._app_kubernetes_io_name`). */
export function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`;
}

/**
 * The collector's scrape configuration (pure): the app's pods in `namespace` selected by their labels, on the
 * metrics port. JSON is YAML, so the collector reads it as its YAML configuration.
 */
export function scrapeConfiguration(namespace: string, request: MetricsRequest): string {
  const escape = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return JSON.stringify({
    global: { scrape_interval: SCRAPE_INTERVAL },
    scrape_configs: [
      {
        job_name: "event-ingestor",
        metrics_path: request.path,
        kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [namespace] } }],
        relabel_configs: [
          ...Object.entries(request.podLabels).map(([label, value]) => ({
            action: "keep",
            source_labels: [podLabelMeta(label)],
            regex: escape(value),
          })),
          {
            action: "keep",
            source_labels: ["__meta_kubernetes_pod_container_port_number"],
            regex: String(request.port),
          },
          { action: "replace", source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
          { action: "replace", source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
        ],
      },
    ],
  });
}

/** Where the collector runs and what it may see. */
export interface AmpArgs {
  readonly clusterArn: pulumi.Input<string>;
  /** The EKS cluster's private subnets (at least two AZs). */
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  /** The nodes' (EKS cluster) security group: the collector reaches the pods and the API server as a node does. */
  readonly nodeSecurityGroupId: pulumi.Input<string>;
  readonly namespace: string;
}

/** AMP workspace and the managed collector writing to it. */
export class AmpMetrics extends pulumi.ComponentResource {
  readonly workspace: aws.amp.Workspace;
  readonly scraper: aws.amp.Scraper;
  readonly metrics: ManagedMetrics;

  constructor(name: string, request: MetricsRequest, args: AmpArgs, opts?: pulumi.ComponentResourceOptions) {
    super("event-ingestor:aws:ManagedMetrics", name, {}, opts);
    const child = { parent: this };

    this.workspace = new aws.amp.Workspace(name, { alias: name, tags: { Name: name } }, child);

    this.scraper = new aws.amp.Scraper(
      name,
      {
        alias: name,
        source: {
          eks: {
            clusterArn: args.clusterArn,
            subnetIds: args.privateSubnetIds,
            securityGroupIds: [args.nodeSecurityGroupId],
          },
        },
        destination: { amp: { workspaceArn: this.workspace.arn } },
        scrapeConfiguration: scrapeConfiguration(args.namespace, request),
        tags: { Name: name },
      },
      child,
    );

    this.metrics = {
      scrape: undefined,
      dependsOn: [],
      queryEndpoint: pulumi.interpolate`${this.workspace.prometheusEndpoint}api/v1/query`,
    };
    this.registerOutputs({ workspaceArn: this.workspace.arn, queryEndpoint: this.metrics.queryEndpoint });
  }
}
