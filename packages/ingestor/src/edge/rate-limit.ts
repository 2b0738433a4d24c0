/**
 * Token buckets of events per client (an API key, or everyone alike when auth is off), per instance: each
 * bucket holds up to `burst` events and refills at `perSecond`. A request takes as many tokens as it holds
 * events, all or none, so a refused request writes nothing and may be retried whole after `Retry-After`.
 */
export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst: number;
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
  const { perSecond, burst, now } = options;
  // Keyed by the configured API keys' labels (or one label without auth): bounded by configuration.
  const buckets = new Map<string, Bucket>();
  return {
    take(client, events) {
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
