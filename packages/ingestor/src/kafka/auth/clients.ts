import type { SASLOptions } from "kafkajs";
import type { TokenSource } from "./token.js";

/** kafkajs' OAUTHBEARER: it calls the provider on every authentication (each connection, each re-auth). */
export function kafkajsOAuthBearer(tokens: TokenSource): SASLOptions {
  return {
    mechanism: "oauthbearer",
    oauthBearerProvider: async () => ({ value: (await tokens.token()).value }),
  };
}

/** What librdkafka's token refresh callback resolves to (@confluentinc/kafka-javascript, lib/client.js). */
export interface LibrdkafkaOAuthToken {
  readonly tokenValue: string;
  /** Absolute expiry in ms since the epoch (librdkafka's md_lifetime_ms), not a duration. */
  readonly lifetime: number;
  readonly principal: string;
}

/**
 * `oauthbearer_token_refresh_cb`: librdkafka calls it before the first connection and again at 80% of the
 * token's remaining life (on its background SASL queue, no poll needed); a rejection is reported to
 * librdkafka (setOAuthBearerTokenFailure), which asks again.
 */
export function librdkafkaTokenRefresh(
  tokens: TokenSource,
): (oauthbearerConfig: string) => Promise<LibrdkafkaOAuthToken> {
  return async () => {
    const { value, expiresAt, principal } = await tokens.token();
    return { tokenValue: value, lifetime: expiresAt, principal };
  };
}
