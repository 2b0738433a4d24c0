// `pnpm render --stack <name>`: the Kubernetes objects a stack would apply, from its Pulumi.<stack>.yaml
// alone. The cloud's outputs (identity, image digest) are not known without a deployment, so they are
// shown as placeholders; everything else goes through the same mapping and builders as `pulumi up`.
import type { IngestorAppSpec } from "@event-ingestor/k8s-app";
import { albIngress } from "@event-ingestor/infra-aws/ingress";
import * as awsRender from "@event-ingestor/infra-aws/render";
import * as azureRender from "@event-ingestor/infra-azure/render";
import * as gcpRender from "@event-ingestor/infra-gcp/render";
import { appRoutingIngress } from "@event-ingestor/infra-azure/ingress";
import { gceIngress } from "@event-ingestor/infra-gcp/ingress";
import { isRecord, type RenderPlaceholders } from "@event-ingestor/platform";
import { parse } from "yaml";
import { appArgs, APP_NAME, type CloudWiring } from "./app-args.js";
import { repoRoot } from "./paths.js";
import { loadSchemas } from "./schema-files.js";
import type { IngressRequest } from "./platform.js";
import {
  deployProblems,
  parseStackSettings,
  PROJECT,
  requiredSecretKeys,
  SECRET_CONFIG,
  type CloudName,
  type SecretSetting,
} from "./settings.js";

/** A digest no real image has: render never pretends to know what `pulumi up` will push. */
export const PLACEHOLDER_DIGEST = `sha256:${"0".repeat(64)}`;

const field = (value: unknown, key: string): string | undefined => {
  const v = isRecord(value) ? value[key] : undefined;
  return typeof v === "string" ? v : undefined;
};

/** The Ingress wiring each cloud package computes, from the request and the cloud's own stack settings. */
const CLOUD_INGRESS: Readonly<
  Record<CloudName, (request: IngressRequest, cloudConfig: unknown) => CloudWiring["ingress"]>
> = {
  aws: (request, config) => albIngress(request, { certificateArn: field(config, "certificateArn") }),
  gcp: (request) => gceIngress(request),
  azure: (request, config) => appRoutingIngress(request, field(config, "tlsCertificateUri")),
};

/** What each cloud fills in at deploy time, as placeholders: each cloud package's `./render`. */
export const CLOUD_PLACEHOLDERS: Readonly<Record<CloudName, RenderPlaceholders>> = {
  aws: awsRender.renderPlaceholders,
  gcp: gcpRender.renderPlaceholders,
  azure: azureRender.renderPlaceholders,
};

/**
 * What `up` refuses in each cloud's own settings (each cloud package's `./render`, running the parser its
 * platform runs): the section `event-ingestor:<cloud>` and the provider's keys (e.g. `gcp:project`).
 */
const CLOUD_CONFIG_PROBLEMS: Readonly<
  Record<CloudName, (cloudConfig: unknown, stackConfig: (key: string) => unknown) => readonly string[]>
> = {
  aws: awsRender.configProblems,
  gcp: gcpRender.configProblems,
  azure: azureRender.configProblems,
};

/** A cloud's problem with the key it is about: names relative to the cloud's section get the section. */
const qualified = (section: string, problem: string): string =>
  /^[\w-]+:[\w.[\]-]+ /.test(problem) ? problem : `${section}: ${problem}`;

/** A rendered spec, and what the reader should know about the stack file. */
export interface RenderedStack {
  readonly spec: IngestorAppSpec;
  readonly warnings: readonly string[];
  /** What `pulumi preview` / `up` would refuse in this stack file (placeholders, missing secrets, no auth). */
  readonly deployProblems: readonly string[];
}

const isSecure = (v: unknown): boolean => typeof v === "object" && v !== null && "secure" in v;

/** The cloud settings a TLS render adds where the stack file has none: each cloud package's `./render`. */
const CLOUD_TLS_SETTINGS: Readonly<Record<CloudName, Readonly<Record<string, string>>>> = {
  aws: awsRender.tlsRenderSettings,
  gcp: gcpRender.tlsRenderSettings,
  azure: azureRender.tlsRenderSettings,
};

/** The host of a TLS render whose stack file sets none. */
export const TLS_RENDER_HOST = "events.example.com";

/** What a render may assume beyond the stack file. */
export interface RenderOptions {
  /**
   * Render as if the stack file set `app.tls: true`, `app.host` (when it sets none: {@link TLS_RENDER_HOST}) and
   * the cloud's sample TLS settings it does not set: the TLS deployment checkov scans (scripts/checkov.sh).
   */
  readonly tls?: boolean | undefined;
}

const recordOr = (value: unknown): Readonly<Record<string, unknown>> => (isRecord(value) ? value : {});

/**
 * Maps the text of Pulumi.<stack>.yaml to the component's arguments, with placeholders. Pure but for the files
 * of `app.schemas`, read from the project as `pulumi up` reads them.
 */
export function renderSpec(stack: string, stackFileText: string, options: RenderOptions = {}): RenderedStack {
  const doc: unknown = parse(stackFileText) ?? {};
  const config: Readonly<Record<string, unknown>> =
    typeof doc === "object" &&
    doc !== null &&
    "config" in doc &&
    typeof doc.config === "object" &&
    doc.config !== null
      ? { ...doc.config }
      : {};
  const get = (key: string): unknown => config[`${PROJECT}:${key}`];
  const tls = options.tls === true;
  const settings = parseStackSettings({
    stack,
    cloud: get("cloud"),
    imageTag: get("imageTag"),
    app: tls ? { host: TLS_RENDER_HOST, ...recordOr(get("app")), tls: true } : get("app"),
    kafka: get("kafka"),
  });
  const cloudConfig = tls
    ? { ...CLOUD_TLS_SETTINGS[settings.cloud], ...recordOr(get(settings.cloud)) }
    : get(settings.cloud);

  const warnings: string[] = [];
  const required = new Set<string>(requiredSecretKeys(settings.kafka));
  const secretConfig: Partial<Record<SecretSetting, string>> = {};
  const setSecrets = new Set<string>();
  for (const { key, setting } of SECRET_CONFIG) {
    if (get(key) !== undefined) setSecrets.add(key);
    const value = get(key);
    if (value !== undefined && !isSecure(value)) {
      warnings.push(
        `${PROJECT}:${key} is stored in plain text; set it with \`pulumi config set --secret ${key}\``,
      );
    }
    if (value !== undefined || required.has(key)) secretConfig[setting] = `<secret ${PROJECT}:${key}>`;
  }

  const cloud = CLOUD_PLACEHOLDERS[settings.cloud];
  const ingress = CLOUD_INGRESS[settings.cloud](
    { name: APP_NAME, host: settings.app.host, tls: settings.app.tls },
    cloudConfig,
  );
  return {
    spec: {
      ...appArgs(
        settings,
        { ...cloud, ingress },
        {
          ...(settings.kafka.mode === "managed" ? { kafka: cloud.kafka } : {}),
          ...(settings.app.metrics === "managed" ? { metricsScrape: cloud.metricsScrape } : {}),
        },
        loadSchemas(settings.app.schemas, repoRoot),
      ),
      appName: APP_NAME,
      serviceAccountAnnotations: cloud.serviceAccountAnnotations,
      image: `${cloud.repository}@${PLACEHOLDER_DIGEST}`,
      secretConfig,
    },
    warnings,
    deployProblems: [
      ...deployProblems(settings, setSecrets),
      ...CLOUD_CONFIG_PROBLEMS[settings.cloud](cloudConfig, (key) => config[key]).map((problem) =>
        qualified(`${PROJECT}:${settings.cloud}`, problem),
      ),
    ],
  };
}
