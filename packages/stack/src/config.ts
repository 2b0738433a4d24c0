// The only reader of pulumi.Config in this package.
import * as pulumi from "@pulumi/pulumi";
import {
  parseStackSettings,
  requiredSecretKeys,
  SECRET_CONFIG,
  type SecretConfigKey,
  type SecretSetting,
  type StackSettings,
} from "./settings.js";

/** The stack's settings plus its secrets, each a secret Output keyed by the ingestor setting it feeds. */
export interface StackConfig {
  readonly settings: StackSettings;
  readonly secrets: Partial<Record<SecretSetting, pulumi.Output<string>>>;
}

/** Reads `event-ingestor:*` of the current stack. Secrets only ever leave here as secret Outputs. */
export function loadStackConfig(): StackConfig {
  const config = new pulumi.Config();
  const settings = parseStackSettings({
    stack: pulumi.getStack(),
    cloud: config.get("cloud"),
    imageTag: config.get("imageTag"),
    app: config.getObject<unknown>("app"),
    kafka: config.getObject<unknown>("kafka"),
  });
  const required = new Set<SecretConfigKey>(requiredSecretKeys(settings.kafka));
  const secrets: Partial<Record<SecretSetting, pulumi.Output<string>>> = {};
  for (const { key, setting } of SECRET_CONFIG) {
    const value = required.has(key) ? config.requireSecret(key) : config.getSecret(key);
    if (value !== undefined) secrets[setting] = value;
  }
  return { settings, secrets };
}
