import { randomUUID } from "node:crypto";

export interface LoadResult {
  readonly acceptedIds: Set<string>;
  readonly statuses: Map<number, number>;
  /** Error codes of the non-2xx answers, counted. */
  readonly codes: Map<string, number>;
  readonly retryAfter: Set<string>;
  readonly connectionErrors: number;
}

export interface DriveOptions {
  /** A loop stops once it is answered 503 DRAINING, as a client moving to another instance would. */
  readonly stopOnDraining?: boolean;
}

/**
 * Sends single events from `concurrency` loops until `stop()` resolves, recording which ids the service
 * acknowledged with a 2xx — the ids that must be in Kafka.
 */
export function drive(url: string, concurrency: number, prefix: string, options: DriveOptions = {}) {
  const acceptedIds = new Set<string>();
  const statuses = new Map<number, number>();
  const codes = new Map<string, number>();
  const retryAfter = new Set<string>();
  let connectionErrors = 0;
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const id = `${prefix}-${randomUUID()}`;
      try {
        const res = await fetch(`${url}/events`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "load", id, data: { n: 1 } }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        let code: string | undefined;
        if (res.status >= 300) {
          code = (JSON.parse(text || "{}") as { error?: { code?: string } }).error?.code ?? "(none)";
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
        if (res.status >= 200 && res.status < 300) acceptedIds.add(id);
        const ra = res.headers.get("retry-after");
        if (res.status === 503 && ra !== null) retryAfter.add(ra);
        if (code === "DRAINING" && options.stopOnDraining === true) return;
      } catch {
        connectionErrors++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  };
  const loops = Array.from({ length: concurrency }, () => loop());
  return {
    statuses,
    acceptedIds,
    async stop(): Promise<LoadResult> {
      running = false;
      await Promise.all(loops);
      return { acceptedIds, statuses, codes, retryAfter, connectionErrors };
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (after running `probe`, when given) every 100 ms until it holds or the timeout passes. */
export async function until(
  check: () => boolean,
  timeoutMs: number,
  what: string,
  probe?: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await probe?.();
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
