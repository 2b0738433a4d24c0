// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-gcp/render`). Each value comes from the module the platform itself uses.
import type { ManagedKafkaMechanism, MetricsScrape } from "@event-ingestor/platform";
import {
  bootstrapAddress,
  gcpServiceAccountAnnotation,
  managedKafkaConnection,
  metricsScrape,
} from "./wiring.js";

/** Placeholders for the cloud's deploy-time values; the same shape in every cloud package. */
export interface RenderPlaceholders {
  readonly ingressFlavour: "gce";
  readonly podLabels: Readonly<Record<string, string>>;
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  readonly repository: string;
  readonly kafka: {
    readonly bootstrapServers: string;
    readonly saslMechanism: ManagedKafkaMechanism;
    readonly ports: readonly number[];
    readonly env: Readonly<Record<string, string>>;
  };
  readonly metricsScrape: MetricsScrape;
}

export const renderPlaceholders: RenderPlaceholders = {
  ingressFlavour: "gce",
  podLabels: {},
  serviceAccountAnnotations: {
    [gcpServiceAccountAnnotation]: "event-ingestor-app@project.iam.gserviceaccount.com",
  },
  repository: "region-docker.pkg.dev/project/event-ingestor/event-ingestor",
  kafka: { ...managedKafkaConnection, bootstrapServers: bootstrapAddress("cluster", "region", "project") },
  metricsScrape,
};
