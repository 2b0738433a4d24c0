// What AWS fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it through
// `@event-ingestor/infra-aws/render`). Each value comes from the module the platform itself uses.
import type { RenderPlaceholders } from "@event-ingestor/platform";
import { AwsConfigError, parseAwsConfig } from "./config.js";
import { MSK_CLIENT_PORTS, MSK_MECHANISM, mskKafkaEnv } from "./msk-policy.js";
import { irsaRoleAnnotation } from "./wiring.js";

const role = (name: string): string => `arn:aws:iam::000000000000:role/${name}`;

export const renderPlaceholders: RenderPlaceholders<"alb"> = {
  ingressFlavour: "alb",
  podLabels: {},
  serviceAccountAnnotations: { [irsaRoleAnnotation]: role("event-ingestor-ingestor") },
  repository: "000000000000.dkr.ecr.region.amazonaws.com/event-ingestor",
  kafka: {
    bootstrapServers: "boot-00000000.c1.kafka-serverless.region.amazonaws.com:9098",
    saslMechanism: MSK_MECHANISM,
    ports: MSK_CLIENT_PORTS,
    env: mskKafkaEnv("region"),
    topicsJob: { serviceAccountAnnotations: { [irsaRoleAnnotation]: role("event-ingestor-kafka-topics") } },
  },
  // The managed collector discovers the pods itself: no scrape object in the app's namespace.
  metricsScrape: undefined,
};

/**
 * The stack settings a TLS render adds when the stack file has none (`renderSpec`'s `tls` option, which checkov
 * scans): an ACM certificate of the placeholder account.
 */
export const tlsRenderSettings: Readonly<Record<string, string>> = {
  certificateArn: "arn:aws:acm:region:000000000000:certificate/00000000-0000-0000-0000-000000000000",
};
/**
 * What `pulumi up` refuses in this cloud's stack settings, by the parser `up` itself runs (config.ts: pure, no
 * SDK call): placeholders and missing values, each with the key to set. None when `up` would accept them.
 *
 * @param cloudConfig the stack file's `event-ingestor:aws` object
 */
export function configProblems(cloudConfig: unknown): readonly string[] {
  try {
    parseAwsConfig(cloudConfig);
    return [];
  } catch (error) {
    if (error instanceof AwsConfigError) return error.problems;
    throw error;
  }
}
