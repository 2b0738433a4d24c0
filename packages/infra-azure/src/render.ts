// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-azure/render`). Each value comes from the module the platform itself uses.
import type { RenderPlaceholders } from "@event-ingestor/platform";
import {
  azureClientIdAnnotation,
  azureUseLabel,
  eventHubsBootstrap,
  eventHubsConnection,
  metricsScrape,
} from "./wiring.js";

export const renderPlaceholders: RenderPlaceholders<"azure-approuting"> = {
  ingressFlavour: "azure-approuting",
  podLabels: { [azureUseLabel]: "true" },
  serviceAccountAnnotations: { [azureClientIdAnnotation]: "00000000-0000-0000-0000-000000000000" },
  repository: "registry.azurecr.io/event-ingestor",
  kafka: { ...eventHubsConnection, bootstrapServers: eventHubsBootstrap("namespace") },
  metricsScrape,
};
