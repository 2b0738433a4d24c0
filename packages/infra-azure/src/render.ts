// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-azure/render`). Each value comes from the module the platform itself uses.
import type { ManagedKafkaMechanism, MetricsScrape } from "@event-ingestor/platform";
import {
  azureClientIdAnnotation,
  azureUseLabel,
  eventHubsBootstrap,
  eventHubsConnection,
  metricsScrape,
} from "./wiring.js";

/** Placeholders for the cloud's deploy-time values; the same shape in every cloud package. */
export interface RenderPlaceholders {
  readonly ingressFlavour: "azure-approuting";
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
  ingressFlavour: "azure-approuting",
  podLabels: { [azureUseLabel]: "true" },
  serviceAccountAnnotations: { [azureClientIdAnnotation]: "00000000-0000-0000-0000-000000000000" },
  repository: "registry.azurecr.io/event-ingestor",
  kafka: { ...eventHubsConnection, bootstrapServers: eventHubsBootstrap("namespace") },
  metricsScrape,
};
