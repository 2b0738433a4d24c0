import type { FetchToken } from "./token.js";
import { once } from "./memo.js";

/** The part of `@azure/identity`'s TokenCredential used here; tests pass fakes. */
export interface AzureTokenCredential {
  getToken(scope: string): Promise<{ readonly token: string; readonly expiresOnTimestamp: number } | null>;
}

/**
 * DefaultAzureCredential, loaded on first use: on AKS with workload identity it is the
 * WorkloadIdentityCredential (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE injected by the
 * webhook); elsewhere environment, managed identity or developer credentials. Built once: it caches tokens.
 */
export const defaultAzureCredential = once(async (): Promise<AzureTokenCredential> => {
  const { DefaultAzureCredential } = await import("@azure/identity");
  return new DefaultAzureCredential();
});

/** The identity an Entra ID access token speaks for (its object id, app id or subject), for logs. */
export function entraPrincipal(token: string): string {
  try {
    const payload = token.split(".")[1] ?? "";
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    for (const claim of ["oid", "appid", "azp", "sub"]) {
      const v = claims[claim];
      if (typeof v === "string" && v !== "") return v;
    }
  } catch {
    // Not a JWT we can read: the broker decides, the name is only for logs.
  }
  return "azure-workload-identity";
}

/** Azure Event Hubs over SASL/OAUTHBEARER: an Entra ID token for `https://<namespace>.servicebus.windows.net/.default`. */
export function azureTokens(
  scope: string,
  credential: () => Promise<AzureTokenCredential> = defaultAzureCredential,
): FetchToken {
  return async () => {
    const t = await (await credential()).getToken(scope);
    if (t === null) throw new Error(`no Entra ID token for ${scope}`);
    return { value: t.token, expiresAt: t.expiresOnTimestamp, principal: entraPrincipal(t.token) };
  };
}
