// Docker credentials for ACR with the admin user off: the deploying identity's Entra access token, exchanged at the
// registry's /oauth2/exchange endpoint for an ACR refresh token (what `az acr login --expose-token` does). The
// token is valid for about three hours, is issued per run, and carries only the rights the identity has (AcrPush).

/** The user name ACR expects with a refresh token as the password. */
export const acrTokenUsername = "00000000-0000-0000-0000-000000000000";

export interface ExchangeArgs {
  /** Registry host, e.g. `myregistry.azurecr.io`. */
  readonly loginServer: string;
  readonly tenantId: string;
  /** Entra access token of the deploying identity (Azure Resource Manager audience). */
  readonly accessToken: string;
}

export interface ExchangeDeps {
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number) => Promise<void>;
  /** Attempts in all; a new registry's DNS name can take a minute to resolve. Default 6. */
  readonly attempts?: number;
}

/** The registry refused or failed the exchange. Carries the HTTP status (0 when the request never completed). */
export class AcrTokenExchangeError extends Error {
  override readonly name = "AcrTokenExchangeError";
  constructor(
    readonly loginServer: string,
    readonly status: number,
    detail: string,
  ) {
    super(
      `ACR token exchange with ${loginServer} failed (${status === 0 ? "no response" : `HTTP ${status}`}): ${detail}`,
    );
  }
}

function retriable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

function refreshTokenOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("refresh_token" in body)) return undefined;
  return typeof body.refresh_token === "string" && body.refresh_token !== "" ? body.refresh_token : undefined;
}

async function attempt(args: ExchangeArgs, deps: ExchangeDeps): Promise<string> {
  let response: Response;
  try {
    response = await deps.fetch(`https://${args.loginServer}/oauth2/exchange`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "access_token",
        service: args.loginServer,
        tenant: args.tenantId,
        access_token: args.accessToken,
      }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new AcrTokenExchangeError(
      args.loginServer,
      0,
      error instanceof Error ? error.message : String(error),
    );
  }
  if (!response.ok) {
    // The body names the reason (e.g. unauthorized); it never echoes the token.
    const detail = (await response.text()).slice(0, 300);
    throw new AcrTokenExchangeError(args.loginServer, response.status, detail);
  }
  const token = refreshTokenOf(await response.json());
  if (token === undefined)
    throw new AcrTokenExchangeError(args.loginServer, response.status, "no refresh_token");
  return token;
}

/** Exchanges an Entra access token for an ACR refresh token, retrying transient failures with backoff. */
export async function exchangeForAcrRefreshToken(args: ExchangeArgs, deps: ExchangeDeps): Promise<string> {
  const attempts = deps.attempts ?? 6;
  for (let n = 1; ; n++) {
    try {
      return await attempt(args, deps);
    } catch (error) {
      if (!(error instanceof AcrTokenExchangeError) || !retriable(error.status) || n >= attempts) throw error;
      await deps.sleep(Math.min(2 ** n * 1000, 30_000));
    }
  }
}

/** The real network and clock; read at call time so tests can stub the global fetch. */
export function defaultExchangeDeps(): ExchangeDeps {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
