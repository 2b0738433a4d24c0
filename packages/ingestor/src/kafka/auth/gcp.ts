import type { FetchToken } from "./token.js";
import { once } from "./memo.js";

const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** When the credential source does not say when its access token expires: assume little. */
const UNKNOWN_EXPIRY_MS = 5 * 60_000;

/** What the GCP token needs of Google's credentials; tests pass fakes. */
export interface GoogleCredentialSource {
  /** An OAuth2 access token (cloud-platform scope) and when it expires (ms since the epoch), when known. */
  accessToken(): Promise<{ readonly token: string; readonly expiresAt?: number | undefined }>;
  /** The service account the credentials act as: the token's `sub`. */
  email(): Promise<string>;
}

/** Application default credentials (GKE workload identity, a key file, gcloud), loaded on first use. */
export function googleDefaultCredentials(): GoogleCredentialSource {
  const auth = once(async () => {
    const { GoogleAuth } = await import("google-auth-library");
    return new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
  });
  const client = once(async () => (await auth()).getClient());
  const email = once(async () => {
    const { client_email } = await (await auth()).getCredentials();
    if (client_email === undefined || client_email === "")
      throw new Error(
        "the Google application default credentials name no service account (user credentials?): GCP Managed Kafka needs one",
      );
    return client_email;
  });
  return {
    async accessToken() {
      const c = await client();
      const { token } = await c.getAccessToken();
      if (token === undefined || token === null || token === "")
        throw new Error("Google application default credentials returned no access token");
      return { token, expiresAt: c.credentials.expiry_date ?? undefined };
    },
    email,
  };
}

const b64url = (text: string): string => Buffer.from(text, "utf8").toString("base64url");

/**
 * The token GCP Managed Kafka takes over OAUTHBEARER — a bare access token is refused: a JWT-shaped triple
 * `b64url(header).b64url(claims).b64url(access token)`, unsigned (alg GOOG_OAUTH2_TOKEN), base64url without
 * padding, claims in this order with whole seconds; as Google's own Kafka login handler builds it.
 */
export function googleKafkaToken(
  accessToken: string,
  expiresAtMs: number,
  subject: string,
  nowMs: number,
): string {
  const header = JSON.stringify({ typ: "JWT", alg: "GOOG_OAUTH2_TOKEN" });
  const claims = JSON.stringify({
    exp: Math.floor(expiresAtMs / 1000),
    iat: Math.floor(nowMs / 1000),
    scope: "kafka",
    sub: subject,
  });
  return `${b64url(header)}.${b64url(claims)}.${b64url(accessToken)}`;
}

/** GCP Managed Kafka over SASL/OAUTHBEARER, from application default credentials. */
export function gcpTokens(
  source: GoogleCredentialSource = googleDefaultCredentials(),
  now: () => number = Date.now,
): FetchToken {
  return async () => {
    const [{ token, expiresAt }, subject] = await Promise.all([source.accessToken(), source.email()]);
    const issuedAt = now();
    const exp = expiresAt ?? issuedAt + UNKNOWN_EXPIRY_MS;
    return { value: googleKafkaToken(token, exp, subject, issuedAt), expiresAt: exp, principal: subject };
  };
}
