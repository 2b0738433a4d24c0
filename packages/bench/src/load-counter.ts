import type { PhaseResult, SecondBucket } from "./types.js";

const ACCEPTED = /"accepted"\s*:\s*(\d+)/;

/**
 * Events a response body reports as accepted (`{"accepted": n, ...}` of a 202 or 207). A regular
 * expression instead of JSON.parse keeps the load generator cheap: it shares the CPU with the server.
 */
export function acceptedFromBody(body: string): number {
  const match = ACCEPTED.exec(body);
  return match?.[1] === undefined ? 0 : Number(match[1]);
}

type HeaderValue = string | readonly string[] | number | undefined;

/** autocannon hands headers over with the case the server wrote them in. */
function hasHeader(headers: Readonly<Record<string, HeaderValue>>, name: string): boolean {
  return Object.entries(headers).some(([k, v]) => k.toLowerCase() === name && v !== undefined);
}

interface Bucket {
  ok: number;
  unavailable: number;
  other: number;
}

/** Counts what one load phase received; pure apart from the clock readings it is handed. */
export class PhaseCounter {
  private readonly statusCounts: Record<string, number> = {};
  private readonly buckets: Bucket[] = [];
  private acceptedEvents = 0;
  private responses = 0;
  private unavailableWithoutRetryAfter = 0;
  private lastResponseAt: number;
  private firstOkAt: number | undefined;

  /** @param startedAt clock reading (ms) when the phase started. */
  constructor(private readonly startedAt: number) {
    this.lastResponseAt = startedAt;
  }

  /**
   * Records one response.
   * @param now clock reading (ms) when it arrived, same clock as `startedAt`.
   */
  record(status: number, body: string, headers: Readonly<Record<string, HeaderValue>>, now: number): void {
    this.responses++;
    this.lastResponseAt = Math.max(this.lastResponseAt, now);
    const key = String(status);
    this.statusCounts[key] = (this.statusCounts[key] ?? 0) + 1;
    const second = Math.max(0, Math.floor((now - this.startedAt) / 1000));
    while (this.buckets.length <= second) this.buckets.push({ ok: 0, unavailable: 0, other: 0 });
    const bucket = this.buckets[second];
    if (bucket === undefined) return;
    if (status >= 200 && status < 300) {
      bucket.ok++;
      this.firstOkAt ??= now;
      this.acceptedEvents += acceptedFromBody(body);
    } else if (status === 503) {
      bucket.unavailable++;
      if (!hasHeader(headers, "retry-after")) this.unavailableWithoutRetryAfter++;
    } else {
      bucket.other++;
    }
  }

  /** The phase's result, completed with what autocannon measured itself. */
  result(extra: Pick<PhaseResult, "requestsSent" | "errors" | "timeouts" | "latencyMs">): PhaseResult {
    const perSecond: SecondBucket[] = this.buckets.map((b, second) => ({ second, ...b }));
    return {
      seconds: (this.lastResponseAt - this.startedAt) / 1000,
      responses: this.responses,
      statusCounts: { ...this.statusCounts },
      acceptedEvents: this.acceptedEvents,
      unavailableWithoutRetryAfter: this.unavailableWithoutRetryAfter,
      firstOkSeconds: this.firstOkAt === undefined ? null : (this.firstOkAt - this.startedAt) / 1000,
      perSecond,
      ...extra,
    };
  }
}
