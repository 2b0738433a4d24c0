// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-gcp/render`). Each value comes from the module the platform itself uses.
import type { RenderPlaceholders } from "@event-ingestor/platform";
import {
  bootstrapAddress,
  gcpServiceAccountAnnotation,
  managedKafkaConnection,
  metricsScrape,
} from "./wiring.js";

export const renderPlaceholders: RenderPlaceholders<"gce"> = {
  ingressFlavour: "gce",
  podLabels: {},
  serviceAccountAnnotations: {
    [gcpServiceAccountAnnotation]: "event-ingestor-app@project.iam.gserviceaccount.com",
  },
  repository: "region-docker.pkg.dev/project/event-ingestor/event-ingestor",
  kafka: { ...managedKafkaConnection, bootstrapServers: bootstrapAddress("cluster", "region", "project") },
  metricsScrape,
};
