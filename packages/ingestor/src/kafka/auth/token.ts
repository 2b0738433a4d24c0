import type { CloudMechanism } from "../../config.js";
import type { LogLevel } from "../port.js";

/** A SASL/OAUTHBEARER token as the Kafka clients send it. */
export interface KafkaToken {
  /** What goes to the broker (`auth=Bearer <value>`). Never logged. */
  readonly value: string;
  /** When it expires, in milliseconds since the epoch (librdkafka's `md_lifetime_ms`). */
  readonly expiresAt: number;
  /** Who it speaks for; librdkafka wants one, and logs show it. */
  readonly principal: string;
}

/** Fetches a new token from a cloud credential source (aws-msk-iam.ts, gcp.ts, azure.ts). */
export type FetchToken = () => Promise<KafkaToken>;

/** What the Kafka clients ask for a token: the cached one, refreshed when due. */
export interface TokenSource {
  token(): Promise<KafkaToken>;
}

export interface AuthStatus {
  readonly ok: boolean;
  /** Why not, in words an operator can act on (no internals: /readyz shows it). */
  readonly problem?: string;
  readonly principal?: string;
  readonly expiresAt?: number;
}

/** The token source of a cloud mechanism, with the state readiness and the send gate read. */
export interface KafkaAuth extends TokenSource {
  readonly mechanism: CloudMechanism;
  /** ok while the last refresh succeeded and its token has not expired. */
  status(): AuthStatus;
  /** Whether a token that has not expired is at hand (the last refresh may still have failed). */
  usable(): boolean;
  /** Fetches a token now and keeps refreshing ahead of expiry. Idempotent. */
  start(): void;
  stop(): void;
}

export type AuthLog = (level: LogLevel, entry: Record<string, unknown>, message: string) => void;

export interface TokenManagerOptions {
  readonly mechanism: CloudMechanism;
  readonly fetch: FetchToken;
  readonly log?: AuthLog;
  /** Milliseconds clock (wall time: tokens expire in wall time). */
  readonly now?: () => number;
  /** Refresh this long before expiry at the latest. Default 60 s. */
  readonly marginMs?: number;
  /** Wait after a failed refresh; doubles with each failure up to `maxRetryMs`. Default 1 s, 30 s. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
}

/**
 * When to refresh a token of this lifetime: at 80% of it, or `marginMs` before it expires, whichever comes
 * first — but not before half of it (a token shorter than twice the margin is still used for a while).
 */
export function refreshDelay(lifetimeMs: number, marginMs = 60_000): number {
  return Math.max(0, Math.min(0.8 * lifetimeMs, Math.max(lifetimeMs - marginMs, 0.5 * lifetimeMs)));
}

/** An error's message, short, for logs (SDK messages carry no token values). */
export function describeError(err: unknown): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

/**
 * Caches one token and refreshes it ahead of expiry, one fetch at a time. A failed refresh keeps the last
 * token in use while it has not expired, fails `status()` (readiness) at once, and is retried with
 * back-off; a successful one clears the failure. Nothing here throws past `token()`: no crash.
 */
export class TokenManager implements KafkaAuth {
  readonly mechanism: CloudMechanism;
  private current: { readonly token: KafkaToken; readonly refreshAt: number } | undefined;
  private inflight: Promise<KafkaToken> | undefined;
  private lastError: string | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly now: () => number;

  constructor(private readonly options: TokenManagerOptions) {
    this.mechanism = options.mechanism;
    this.now = options.now ?? Date.now;
  }

  token(): Promise<KafkaToken> {
    const c = this.current;
    if (c !== undefined && this.now() < c.refreshAt) return Promise.resolve(c.token);
    return this.refresh().catch((err: unknown) => {
      const still = this.current;
      if (still !== undefined && this.now() < still.token.expiresAt) return still.token;
      throw err;
    });
  }

  status(): AuthStatus {
    const c = this.current;
    const about = c === undefined ? {} : { principal: c.token.principal, expiresAt: c.token.expiresAt };
    const name = `Kafka credentials (${this.mechanism})`;
    if (this.lastError !== undefined)
      return {
        ok: false,
        problem: `${name}: the last token refresh failed; retrying (the log says why)`,
        ...about,
      };
    if (c === undefined) return { ok: false, problem: `${name}: no token yet` };
    if (this.now() >= c.token.expiresAt)
      return { ok: false, problem: `${name}: the token expired`, ...about };
    return { ok: true, ...about };
  }

  usable(): boolean {
    const c = this.current;
    return c !== undefined && this.now() < c.token.expiresAt;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const c = this.current;
    if (c !== undefined && this.lastError === undefined) this.schedule(c.refreshAt - this.now());
    else this.refreshQuietly();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private refreshQuietly(): void {
    // Failures are recorded (status, log) and retried by fetchOnce itself.
    this.refresh().catch(() => undefined);
  }

  private refresh(): Promise<KafkaToken> {
    this.inflight ??= this.fetchOnce().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchOnce(): Promise<KafkaToken> {
    const fetchedAt = this.now();
    const log = this.options.log ?? (() => undefined);
    try {
      const token = await this.options.fetch();
      if (token.value.length === 0) throw new Error("the credential source returned an empty token");
      const lifetimeMs = token.expiresAt - fetchedAt;
      if (lifetimeMs <= 0) throw new Error("the credential source returned an expired token");
      const refreshAt = fetchedAt + refreshDelay(lifetimeMs, this.options.marginMs);
      this.current = { token, refreshAt };
      const recovered = this.lastError !== undefined;
      this.lastError = undefined;
      this.failures = 0;
      const entry = {
        mechanism: this.mechanism,
        principal: token.principal,
        expiresAt: new Date(token.expiresAt).toISOString(),
      };
      log(
        recovered ? "info" : "debug",
        entry,
        recovered ? "Kafka token refresh recovered" : "Kafka token refreshed",
      );
      this.schedule(refreshAt - this.now());
      return token;
    } catch (err) {
      this.lastError = describeError(err);
      this.failures++;
      const retryInMs = Math.min(
        (this.options.retryMs ?? 1_000) * 2 ** Math.min(this.failures - 1, 20),
        this.options.maxRetryMs ?? 30_000,
      );
      const expiresAt = this.current?.token.expiresAt;
      log(
        "error",
        {
          mechanism: this.mechanism,
          err: this.lastError,
          failures: this.failures,
          retryInMs,
          ...(expiresAt === undefined ? {} : { tokenExpiresAt: new Date(expiresAt).toISOString() }),
        },
        "Kafka token refresh failed; not ready until one succeeds",
      );
      this.schedule(retryInMs);
      throw new Error(`Kafka token refresh failed (${this.mechanism}): ${this.lastError}`, { cause: err });
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.refreshQuietly();
      },
      Math.max(0, delayMs),
    );
    // The HTTP server keeps the process alive; a pending refresh must not hold shutdown.
    this.timer.unref();
  }
}
