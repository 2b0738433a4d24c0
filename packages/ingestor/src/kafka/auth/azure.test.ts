import { describe, expect, it, vi } from "vitest";
import { azureTokens, entraPrincipal, type AzureTokenCredential } from "./azure.js";

const SCOPE = "https://my-namespace.servicebus.windows.net/.default";
const jwt = (claims: Record<string, unknown>): string =>
  `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("oauthbearer-azure tokens", () => {
  it("asks the credential for the Event Hubs namespace's .default scope and passes the token through", async () => {
    const value = jwt({ oid: "11111111-2222-3333-4444-555555555555", aud: "https://eventhubs.azure.net" });
    const getToken = vi.fn<AzureTokenCredential["getToken"]>(() =>
      Promise.resolve({ token: value, expiresOnTimestamp: 1_764_655_200_000 }),
    );
    const credential = vi.fn(() => Promise.resolve({ getToken }));
    const fetch = azureTokens(SCOPE, credential);
    expect(await fetch()).toEqual({
      value,
      expiresAt: 1_764_655_200_000,
      principal: "11111111-2222-3333-4444-555555555555",
    });
    await fetch();
    expect(getToken).toHaveBeenCalledWith(SCOPE);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it("fails the fetch when the credential has no token", async () => {
    const fetch = azureTokens(SCOPE, () => Promise.resolve({ getToken: () => Promise.resolve(null) }));
    await expect(fetch()).rejects.toThrow(`no Entra ID token for ${SCOPE}`);
  });

  it("names the principal from the token's oid, appid or sub, else a fixed name", () => {
    expect(entraPrincipal(jwt({ appid: "app-1", sub: "s" }))).toBe("app-1");
    expect(entraPrincipal(jwt({ sub: "s" }))).toBe("s");
    expect(entraPrincipal("opaque")).toBe("azure-workload-identity");
  });
});
