/**
 * Token buckets of events per client (an API key's id, or everyone alike when auth is off), per instance: each
 * bucket holds up to `burst` events and refills at `perSecond`, both the client's own (RATE_LIMIT_PER_KEY) or
 * the default. A request takes as many tokens as it holds events, all or none, so a refused request writes
 * nothing and may be retried whole after `Retry-After`.
 */
export interface RateLimit {
  readonly perSecond: number;
  readonly burst: number;
}

/** A key's own limit (RATE_LIMIT_PER_KEY) in place of the default; undefined: the key is not limited. */
export interface KeyLimit {
  readonly id: string;
  readonly limit: RateLimit | undefined;
}

export interface RateLimitOptions {
  /** The limit of a client; undefined: not limited. */
  readonly limitOf: (client: string) => RateLimit | undefined;
  /** Milliseconds clock. */
  readonly now: () => number;
}

export interface RateLimiter {
  /** Takes `events` tokens from `client`'s bucket; undefined when it may go, else the seconds to wait. */
  take(client: string, events: number): number | undefined;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { limitOf, now } = options;
  // Keyed by the configured API keys' ids (or one id without auth): bounded by configuration.
  const buckets = new Map<string, Bucket>();
  return {
    take(client, events) {
      const limit = limitOf(client);
      if (limit === undefined) return undefined;
      const { perSecond, burst } = limit;
      const t = now();
      const bucket = buckets.get(client) ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      buckets.set(client, bucket);
      if (events <= bucket.tokens) {
        bucket.tokens -= events;
        return undefined;
      }
      // A request larger than the bucket could never pass: the configuration refuses burst < MAX_BATCH_EVENTS.
      return Math.max(1, Math.ceil((events - bucket.tokens) / perSecond));
    },
  };
}

/** The limiter of a configuration: each key's own limit, else the default; undefined when nothing is limited. */
export function rateLimiterFor(
  byDefault: RateLimit | undefined,
  byKey: readonly KeyLimit[],
  now: () => number,
): RateLimiter | undefined {
  const own = new Map(byKey.map((k) => [k.id, k.limit]));
  if (byDefault === undefined && byKey.every((k) => k.limit === undefined)) return undefined;
  return createRateLimiter({ limitOf: (client) => (own.has(client) ? own.get(client) : byDefault), now });
}
