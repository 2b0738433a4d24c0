import type { CloudSasl, Config } from "../../config.js";
import { CLOUD_MECHANISMS } from "../../settings.js";
import { awsMskIamTokens } from "./aws-msk-iam.js";
import { azureTokens } from "./azure.js";
import { gcpTokens } from "./gcp.js";
import { type AuthLog, type FetchToken, TokenManager } from "./token.js";

export { kafkajsOAuthBearer, librdkafkaTokenRefresh } from "./clients.js";
export { kafkaAuthOf, withKafkaAuth, type AuthenticatedPort } from "./port.js";
export { remoteTokens, serveTokens } from "./thread-bridge.js";
export type { AuthStatus, KafkaAuth, KafkaToken, TokenSource } from "./token.js";

/** Whether the SASL settings authenticate with a cloud token rather than a username and password. */
export function isCloudSasl(sasl: Config["kafka"]["sasl"]): sasl is CloudSasl {
  return sasl !== undefined && CLOUD.has(sasl.mechanism);
}
// From the dependency-free contract, not config.ts: the producer thread loads this module, and config.ts brings zod.
const CLOUD = new Set<string>(CLOUD_MECHANISMS);

/** The token fetcher of each cloud mechanism. */
export function tokenFetcher(sasl: CloudSasl): FetchToken {
  switch (sasl.mechanism) {
    case "aws-msk-iam":
      return awsMskIamTokens(sasl.region);
    case "oauthbearer-gcp":
      return gcpTokens();
    case "oauthbearer-azure":
      return azureTokens(sasl.scope);
  }
}

/** The process's one token manager for a cloud mechanism; undefined for plain / SCRAM / no SASL. */
export function createKafkaAuth(
  sasl: Config["kafka"]["sasl"],
  log: AuthLog,
  fetch?: FetchToken,
): TokenManager | undefined {
  if (!isCloudSasl(sasl)) return undefined;
  return new TokenManager({ mechanism: sasl.mechanism, fetch: fetch ?? tokenFetcher(sasl), log });
}
