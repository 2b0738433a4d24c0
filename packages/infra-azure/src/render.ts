// What this cloud fills in at deploy time, as placeholders, for `pnpm render` (no SDK: the stack imports it
// through `@event-ingestor/infra-azure/render`). Each value comes from the module the platform itself uses.
import type { RenderPlaceholders } from "@event-ingestor/platform";
import { AzureConfigError, parseAzureConfig } from "./config.js";
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

/**
 * The stack settings a TLS render adds when the stack file has none (`renderSpec`'s `tls` option, which checkov
 * scans): app routing serves a Key Vault certificate, so TLS needs one, and the vault that holds it.
 */
export const tlsRenderSettings: Readonly<Record<string, string>> = {
  tlsCertificateUri: "https://vault.vault.azure.net/certificates/event-ingestor",
  keyVaultId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/resource-group/providers/Microsoft.KeyVault/vaults/vault",
};
/**
 * What `pulumi up` refuses in this cloud's stack settings, by the parser `up` itself runs (config.ts: pure, no
 * SDK call): placeholders and missing values, each with the key to set. None when `up` would accept them.
 *
 * @param cloudConfig the stack file's `event-ingestor:azure` object
 * @param stackConfig the stack file's other keys, fully qualified (e.g. `azure-native:location`)
 */
export function configProblems(
  cloudConfig: unknown,
  stackConfig: (key: string) => unknown,
): readonly string[] {
  try {
    parseAzureConfig(cloudConfig, text(stackConfig("azure-native:location")));
    return [];
  } catch (error) {
    if (error instanceof AzureConfigError) return error.problems;
    throw error;
  }
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
