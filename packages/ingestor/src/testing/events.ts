import { HttpError } from "../errors.js";
import { decodeEvents, type DecodeLimits } from "../events/decode.js";
import type { IngestEvent, NormaliseContext, ReceivedEvent } from "../events/types.js";

export const CTX: NormaliseContext = {
  receivedAt: "2025-03-04T05:06:07.089Z",
  defaultSource: "/default-source",
  newId: (() => {
    let n = 0;
    return () => `generated-${++n}`;
  })(),
};

export const LIMITS: DecodeLimits = { maxEventBytes: 1024, maxBatchEvents: 5, maxJsonDepth: 8 };

/** Runs decodeEvents on a body with the given (case-insensitive) headers. */
export function decode(
  body: string | Buffer,
  headers: Record<string, string> = { "content-type": "application/json" },
  limits: DecodeLimits = LIMITS,
): ReceivedEvent[] {
  const map = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return decodeEvents({ headers: map, body: Buffer.isBuffer(body) ? body : Buffer.from(body) }, CTX, limits);
}

/** The accepted event at `i`; fails when it was rejected. */
export function okAt(events: readonly ReceivedEvent[], i = 0): IngestEvent {
  const e = events[i];
  if (e === undefined) throw new Error(`no event at ${i}`);
  if (!e.ok) throw new Error(`event ${i} rejected: ${e.problem.code} ${e.problem.message}`);
  return e.event;
}

/** The rejection code of each event, or "ok". */
export function codes(events: readonly ReceivedEvent[]): string[] {
  return events.map((e) => (e.ok ? "ok" : e.problem.code));
}

/** The HttpError `fn` throws; fails when it throws nothing or something else. */
export function httpErrorOf(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("expected an HttpError, nothing was thrown");
}
