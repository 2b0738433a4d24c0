import type { ReceivedEvent } from "../events/types.js";

/** A request's W3C Trace Context (https://www.w3.org/TR/trace-context/), validated. */
export interface TraceContext {
  /** The `traceparent` as version 00 (a higher version's first four fields, as the spec says to read it). */
  readonly traceparent: string;
  readonly traceId: string;
  /** Present only when the header was present and well-formed. */
  readonly tracestate?: string;
}

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const FUTURE = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_PARENT = "0".repeat(16);
const MAX_TRACESTATE_MEMBERS = 32;
// Trace Context §3.3.1: simple and multi-tenant keys; values of printable ASCII but ',' and '=', not ending in a space.
const MEMBER =
  /^(?:[a-z][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** The trace id and the version-00 form of a `traceparent`, or undefined when it is malformed. */
export function parseTraceparent(
  header: string | undefined,
): { traceparent: string; traceId: string } | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  let traceId: string;
  let parentId: string;
  let flags: string;
  const v00 = VERSION_00.exec(value);
  if (v00) {
    [, traceId = "", parentId = "", flags = ""] = v00;
  } else {
    // A higher version may append fields after a '-'; version ff is invalid, 00 must be exact.
    const future = FUTURE.exec(value);
    if (!future || future[1] === "00" || future[1] === "ff") return undefined;
    [, , traceId = "", parentId = "", flags = ""] = future;
  }
  if (traceId === ZERO_TRACE || parentId === ZERO_PARENT) return undefined;
  return { traceparent: `00-${traceId}-${parentId}-${flags}`, traceId };
}

/** The `tracestate` as sent when every list member is well-formed (at most 32), else undefined. */
export function parseTracestate(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const members = header
    .split(",")
    .map((m) => m.trim())
    .filter((m) => m !== "");
  if (members.length === 0 || members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  if (!members.every((m) => MEMBER.test(m))) return undefined;
  return members.join(",");
}

/** The request's trace context; malformed headers are ignored, as Trace Context says (a new trace, not an error). */
export function traceContextOf(headers: Headers): TraceContext | undefined {
  const parent = parseTraceparent(headers.get("traceparent") ?? undefined);
  if (parent === undefined) return undefined;
  const tracestate = parseTracestate(headers.get("tracestate") ?? undefined);
  return tracestate === undefined ? parent : { ...parent, tracestate };
}

/**
 * Adds the CloudEvents distributed-tracing extension (`traceparent`, `tracestate`) of the request to every
 * event that has no `traceparent` of its own: an event's own attributes always win.
 */
export function withTrace(received: ReceivedEvent[], trace: TraceContext | undefined): ReceivedEvent[] {
  if (trace === undefined) return received;
  const ext: Record<string, string> = { traceparent: trace.traceparent };
  if (trace.tracestate !== undefined) ext["tracestate"] = trace.tracestate;
  return received.map((item) => {
    if (!item.ok || item.event.extensions["traceparent"] !== undefined) return item;
    return { ...item, event: { ...item.event, extensions: { ...ext, ...item.event.extensions } } };
  });
}
