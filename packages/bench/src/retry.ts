// Bounded retries for the bench's Kafka set-up steps (topics of a run): the broker's metadata lags behind
// topic creation and deletion, so a step that hits a retriable error is tried again, a bounded number of
// times, and a real error (bad replication factor, auth) still fails at once.

export interface RetryPolicy {
  /** Tries in all (the first one included); at least 1. */
  readonly attempts: number;
  /** Wait before the second try; doubles after each further failure, up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Topic set-up: 8 tries over at most ~10 s (0.2 + 0.4 + 0.8 + 1.6 + 2 + 2 + 2 s of waiting). */
export const TOPIC_RETRY: RetryPolicy = { attempts: 8, initialDelayMs: 200, maxDelayMs: 2_000 };

export interface RetryHooks {
  /** Called before each wait with the failed try's number (1-based) and its error. */
  readonly onRetry?: (attempt: number, error: unknown) => void;
  /** Injected in tests; a timer otherwise. */
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` until it resolves, retrying errors `isRetriable` accepts, at most `policy.attempts` times in
 * all. The last error is rethrown with the number of tries in its message.
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  isRetriable: (error: unknown) => boolean,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (!isRetriable(err)) throw err;
      if (attempt >= Math.max(1, policy.attempts)) {
        const message = err instanceof Error ? err.message : String(err);
        throw new Error(`gave up after ${attempt} tries: ${message}`, { cause: err });
      }
      hooks.onRetry?.(attempt, err);
      await sleep(delay);
      delay = Math.min(policy.maxDelayMs, delay * 2);
    }
  }
}

/** A topic whose partitions do not all have a leader (or a readable log) yet. */
export class TopicNotReadyError extends Error {
  override readonly name = "TopicNotReadyError";
}

/** Kafka error types that a later try can get past: metadata still catching up, a leader moving. */
const RETRIABLE_TYPES = new Set([
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "NOT_LEADER_FOR_PARTITION",
  "NOT_LEADER_OR_FOLLOWER",
  "NOT_CONTROLLER",
  "REQUEST_TIMED_OUT",
  "NETWORK_EXCEPTION",
  "COORDINATOR_NOT_AVAILABLE",
  "BROKER_NOT_AVAILABLE",
  "REPLICA_NOT_AVAILABLE",
]);

/** kafkajs errors that say "try again": connection and timeout errors, and exhausted inner retries. */
const RETRIABLE_NAMES = new Set([
  "KafkaJSConnectionError",
  "KafkaJSRequestTimeoutError",
  "KafkaJSTimeout",
  "KafkaJSNumberOfRetriesExceeded",
  "KafkaJSBrokerNotFound",
  "KafkaJSMetadataNotLoaded",
  "KafkaJSTopicMetadataNotLoaded",
  "KafkaJSLockTimeout",
  "TopicNotReadyError",
]);

/**
 * Whether a Kafka error (kafkajs' or the bench's own) is worth another try: its type or name is a
 * transient one, or kafkajs marked it retriable, or an error it wraps (`cause`, `originalError`, `errors`)
 * is. kafkajs' protocol errors carry `type` and `retriable` (UNKNOWN_TOPIC_OR_PARTITION: "This server does
 * not host this topic-partition" while the metadata of a just-deleted or just-created topic settles).
 */
export function isRetriableKafkaError(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const e = error as Record<string, unknown>;
  if (typeof e["type"] === "string" && RETRIABLE_TYPES.has(e["type"])) return true;
  if (typeof e["name"] === "string" && RETRIABLE_NAMES.has(e["name"])) return true;
  if (e["retriable"] === true) return true;
  const errors: unknown[] = Array.isArray(e["errors"]) ? (e["errors"] as unknown[]) : [];
  const inner = [e["cause"], e["originalError"], ...errors];
  return inner.some((i) => isRetriableKafkaError(i, depth + 1));
}
