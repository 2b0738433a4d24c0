// The only reader of pulumi.Config in this package.
import type { SchemasArgs } from "@event-ingestor/k8s-app";
import * as pulumi from "@pulumi/pulumi";
import { repoRoot } from "./paths.js";
import { loadSchemas } from "./schema-files.js";
import {
  deployProblems,
  parseStackSettings,
  SECRET_CONFIG,
  type SecretConfigKey,
  type SecretSetting,
  StackConfigError,
  type StackSettings,
} from "./settings.js";

/** The stack's settings plus its secrets, each a secret Output keyed by the ingestor setting it feeds. */
export interface StackConfig {
  readonly settings: StackSettings;
  readonly secrets: Partial<Record<SecretSetting, pulumi.Output<string>>>;
  /** The files of `app.schemas`' folder, read once here (the project is the repository root). */
  readonly schemas: SchemasArgs | undefined;
}

/**
 * Reads `event-ingestor:*` of the current stack, and the schema files it names. Secrets only ever leave here as
 * secret Outputs.
 */
export function loadStackConfig(): StackConfig {
  const config = new pulumi.Config();
  const settings = parseStackSettings({
    stack: pulumi.getStack(),
    cloud: config.get("cloud"),
    imageTag: config.get("imageTag"),
    app: config.getObject<unknown>("app"),
    kafka: config.getObject<unknown>("kafka"),
  });
  const secrets: Partial<Record<SecretSetting, pulumi.Output<string>>> = {};
  const set = new Set<SecretConfigKey>();
  for (const { key, setting } of SECRET_CONFIG) {
    const value = config.getSecret(key);
    if (value === undefined) continue;
    secrets[setting] = value;
    set.add(key);
  }
  // Placeholders, missing secrets and an unauthenticated public ingress stop preview and up alike, all listed.
  const problems = deployProblems(settings, set);
  if (problems.length > 0) throw new StackConfigError(problems);
  return { settings, secrets, schemas: loadSchemas(settings.app.schemas, repoRoot) };
}
