// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-gcp/render`). Each value comes from the module the platform itself uses.
import type { RenderPlaceholders } from "@event-ingestor/platform";
import { GcpConfigError, parseGcpConfig } from "./config.js";
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

/**
 * The stack settings a TLS render adds (`renderSpec`'s `tls` option, which checkov scans): none, GKE's
 * certificate is Google-managed for the host.
 */
export const tlsRenderSettings: Readonly<Record<string, string>> = {};
/**
 * What `pulumi up` refuses in this cloud's stack settings, by the parser `up` itself runs (config.ts: pure, no
 * SDK call): placeholders and missing values, each with the key to set. None when `up` would accept them.
 *
 * @param cloudConfig the stack file's `event-ingestor:gcp` object
 * @param stackConfig the stack file's other keys, fully qualified (e.g. `gcp:project`)
 */
export function configProblems(
  cloudConfig: unknown,
  stackConfig: (key: string) => unknown,
): readonly string[] {
  try {
    parseGcpConfig(cloudConfig, {
      project: text(stackConfig("gcp:project")),
      region: text(stackConfig("gcp:region")),
    });
    return [];
  } catch (error) {
    if (error instanceof GcpConfigError) return error.problems;
    throw error;
  }
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
