import type { IncomingMessage } from "node:http";
import { Hono, type Context } from "hono";
import type { Logger } from "pino";
import { ERROR_CODES, HttpError, type ErrorCode, type EventProblem } from "../errors.js";
import { decodeEvents, InvalidBodyError, type DecodeContext, type DecodeLimits } from "../events/decode.js";
import { countKeyEvents, ingest, rejectBody, type IngestDeps, type IngestOutcome } from "../ingest.js";
import type { ServiceState } from "../lifecycle/state.js";
import type { Metrics } from "../metrics.js";
import { idempotentId, parseIdempotencyKey } from "../edge/idempotency.js";
import type { RateLimiter } from "../edge/rate-limit.js";
import { ANONYMOUS, type ApiKey } from "../edge/api-keys.js";
import { traceContextOf, withTrace, type TraceContext } from "../edge/trace.js";
import type { RequestTracer } from "../telemetry/index.js";
import { createAuthCheck } from "./auth.js";
import { checkTransferEncoding, decodeContent, readRawBody } from "./body.js";
import { createCors } from "./cors.js";
import { openApiDocument } from "./openapi/document.js";

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, boolean>>;
  /** What an operator must fix, in words, when a check fails for a reason worth spelling out. */
  readonly problems?: readonly string[];
}

export interface AppDeps {
  readonly limits: DecodeLimits & { readonly maxBodyBytes: number };
  /** API_KEYS with their ids; none: auth off. */
  readonly apiKeys: readonly ApiKey[];
  /** Browser origins allowed by CORS; none: no CORS headers. */
  readonly corsOrigins?: readonly string[];
  /** Events per API key; absent: no limit. */
  readonly rateLimiter?: RateLimiter | undefined;
  readonly defaultSource: string;
  readonly ingest: IngestDeps;
  readonly state: ServiceState;
  readonly readiness: () => Readiness;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly now: () => Date;
  /** A span per request (OTEL_EXPORTER_OTLP_ENDPOINT); absent: no tracing. */
  readonly tracer?: RequestTracer | undefined;
}

/**
 * Memory a request holds per body byte: the bytes, their text, the parsed values, the normalised events
 * and the records. Measured: at x4 an overload run held ~2.5x more live heap than the budget said.
 */
const COST_PER_BODY_BYTE = 10;
/** What a request holds before its body arrives (headers, context, the response). */
const COST_PER_REQUEST = 1024;
/** Per body byte while it arrives: the chunks, and their concatenation. */
const COST_WHILE_READING = 2;

export interface AppEnv {
  /** Set by @hono/node-server; absent under `app.request()` in tests. */
  Bindings: { incoming?: IncomingMessage };
  Variables: {
    requestId: string;
    log: Logger;
    events?: number;
    outcome?: IngestOutcome;
    trace?: TraceContext | undefined;
    /** The code of the error response, counted by route in ingestor_http_errors_total. */
    errorCode?: ErrorCode;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ROUTES = new Set(["/events", "/healthz", "/readyz", "/metrics", "/openapi.json"]);
/** RFC 9110: what a 405 on /events, and OPTIONS /events, name as allowed. */
const EVENTS_ALLOW = "OPTIONS, POST";

function errorBody(err: HttpError): Record<string, unknown> {
  return { error: { code: err.code, message: err.message, ...err.details } };
}

function rejectionStatus(outcome: IngestOutcome): { status: 400 | 413; problem: EventProblem } {
  const codes = new Set(outcome.results.map((r) => r.error?.code));
  const [only] = codes;
  if (codes.size === 1 && only !== undefined) {
    const first = outcome.results[0]?.error;
    const status = ERROR_CODES[only].status === 413 ? 413 : 400;
    const message = outcome.results.length === 1 && first ? first.message : ERROR_CODES[only].message;
    return { status, problem: { code: only, message } };
  }
  return {
    status: 400,
    problem: { code: "ALL_EVENTS_REJECTED", message: ERROR_CODES.ALL_EVENTS_REJECTED.message },
  };
}

/** The HTTP application, pure: every dependency comes in; no ports, no globals, no `process`. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const checkAuth = createAuthCheck(deps.apiKeys);
  const { metrics, state } = deps;

  app.use(async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : deps.newId();
    c.set("requestId", requestId);
    const route = ROUTES.has(c.req.path) ? c.req.path : "other";
    const trace = traceContextOf(c.req.raw.headers);
    // With tracing on, the request's span is the parent its records name (ce_traceparent), and every log
    // line of the request carries its trace and span ids.
    const span = deps.tracer?.start({
      method: c.req.method,
      route,
      path: c.req.path,
      requestId,
      parent: trace,
    });
    const current = span?.context ?? trace;
    if (current !== undefined) c.set("trace", current);
    const ids = span
      ? { traceId: span.traceId, spanId: span.spanId }
      : current
        ? { traceId: current.traceId }
        : {};
    c.set("log", deps.logger.child({ requestId, ...ids }));
    // Set before the handler runs: a header added to a finished response makes Hono rebuild it as a full
    // web Response (undici, streams), which cost a tenth of the CPU of a single-event request.
    c.header("x-request-id", requestId);
    // Shutdown waits for requests admitted before it closed the door, not for those refused after.
    state.requestArrived();
    const tracked = !state.closed;
    if (tracked) state.requestStarted();
    try {
      await next();
    } finally {
      if (tracked) state.requestFinished();
      // Once closing, ask clients to reconnect elsewhere instead of reusing this connection; when saturated,
      // closing also spares reading (and discarding) the rest of a body that was refused unread.
      if (state.closed || c.res.status === 503) c.header("connection", "close");
      const labels = { route, method: c.req.method, status: String(c.res.status) };
      const seconds = (performance.now() - started) / 1000;
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, seconds);
      const errorCode = c.get("errorCode");
      if (errorCode !== undefined) metrics.httpErrors.inc({ route, code: errorCode });
      const outcome = c.get("outcome");
      const events = c.get("events");
      span?.end({ status: c.res.status, events, accepted: outcome?.accepted, rejected: outcome?.rejected });
      if (route === "/events" || c.res.status >= 500) {
        c.get("log").info(
          {
            method: c.req.method,
            path: c.req.path,
            status: c.res.status,
            durationMs: Math.round(seconds * 1e4) / 10,
            events,
            accepted: outcome?.accepted,
            rejected: outcome?.rejected,
          },
          "request",
        );
      }
    }
  });

  app.onError((err, c) => {
    if (err instanceof HttpError) {
      if (err.retryAfterSeconds !== undefined) c.header("Retry-After", String(err.retryAfterSeconds));
      // RFC 9110 §15.5.2: a 401 names the scheme to authenticate with.
      if (err.status === 401) c.header("WWW-Authenticate", 'Bearer realm="event-ingestor"');
      c.set("errorCode", err.code);
      return c.json(errorBody(err), err.status as 400);
    }
    // 5xx never leak internals: the detail goes to the log, the client gets a code and the request id.
    c.get("log").error({ err }, "unhandled error");
    c.set("errorCode", "INTERNAL");
    return c.json(errorBody(new HttpError("INTERNAL")), 500);
  });
  app.notFound((c) => {
    c.set("errorCode", "NOT_FOUND");
    return c.json(errorBody(new HttpError("NOT_FOUND")), 404);
  });

  const cors = createCors({ origins: deps.corsOrigins ?? [] });
  if (cors !== undefined) app.use("/events", cors);

  app.get("/healthz", (c) => c.json({ status: "ok" }));
  // The contract, built from the definitions the code runs on (error codes, media types, event fields).
  let openapi: ReturnType<typeof openApiDocument> | undefined;
  app.get("/openapi.json", (c) =>
    c.json((openapi ??= openApiDocument(deps.limits, { authRequired: deps.apiKeys.length > 0 }))),
  );
  app.get("/readyz", (c) => {
    const r = deps.readiness();
    const body = { status: r.ready ? "ready" : "not ready", checks: r.checks, problems: r.problems };
    return c.json(body, r.ready ? 200 : 503);
  });
  app.get("/metrics", async (c) => {
    // Readiness is computed on demand; refresh its gauge so a scrape never reports a stale value.
    deps.readiness();
    const text = await metrics.registry.metrics();
    return c.body(text, 200, { "content-type": metrics.registry.contentType });
  });

  // RFC 9110: a known path asked with a method it does not serve answers 405 naming the allowed ones.
  for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) {
    app.all(path, (c) => {
      c.header("Allow", "GET, HEAD");
      throw new HttpError("METHOD_NOT_ALLOWED", { message: `use GET ${path}` });
    });
  }

  app.post("/events", async (c) => postEvents(c, deps, checkAuth));
  // A CORS preflight (its CORS headers come from the middleware when the origin is allowed), or plain OPTIONS.
  app.options("/events", (c) => {
    c.header("Allow", EVENTS_ALLOW);
    return c.body(null, 204);
  });
  app.all("/events", (c) => {
    // RFC 9110: a 405 must name the allowed methods.
    c.header("Allow", EVENTS_ALLOW);
    throw new HttpError("METHOD_NOT_ALLOWED", { message: "use POST /events" });
  });
  return app;
}

async function postEvents(
  c: Context<AppEnv>,
  deps: AppDeps,
  checkAuth: (h: Headers) => string | undefined,
): Promise<Response> {
  const { state, limits } = deps;
  if (state.closed) throw new HttpError("DRAINING", { retryAfterSeconds: 1 });
  const keyId = checkAuth(c.req.raw.headers);
  checkTransferEncoding(c.req.header("transfer-encoding"));
  const idempotencyKey = parseIdempotencyKey(c.req.header("idempotency-key"));
  // The in-flight budget grows with the bytes actually received (what the chunks take while they arrive, the
  // full processing cost once the body is complete): a request whose head declares a large body, then
  // stalls, holds only what it sent (seven such uploads used to lock every client out for minutes). A body
  // that could not fit the budget left now is refused at once, before it is read.
  const declared = Number(c.req.header("content-length") ?? 0);
  const needs = Math.min(declared, limits.maxBodyBytes) * COST_PER_BODY_BYTE + COST_PER_REQUEST;
  if (declared > 0 && !state.couldAcquire(needs)) throw new HttpError("SATURATED", { retryAfterSeconds: 1 });
  let budget = 0;
  const reserve = (bytes: number): void => {
    if (!state.tryAcquire(bytes)) throw new HttpError("SATURATED", { retryAfterSeconds: 1 });
    budget += bytes;
  };
  try {
    reserve(COST_PER_REQUEST);
    // `app.request()` (tests, other runtimes) passes no bindings at all.
    const bindings = c.env as AppEnv["Bindings"] | undefined;
    const raw = await readRawBody(
      c.req.raw,
      limits.maxBodyBytes,
      (bytes) => {
        reserve(bytes * COST_WHILE_READING);
      },
      bindings?.incoming,
    );
    const body = await decodeContent(raw, c.req.header("content-encoding") ?? null, limits.maxBodyBytes);
    reserve(body.length * COST_PER_BODY_BYTE - raw.length * COST_WHILE_READING);
    const receivedAt = deps.now().toISOString();
    const ctx: DecodeContext = {
      receivedAt,
      defaultSource: deps.defaultSource,
      newId: deps.newId,
      ...(idempotencyKey === undefined ? {} : { idFor: (i: number) => idempotentId(idempotencyKey, i) }),
    };
    const requestId = c.get("requestId");
    const headers = new Map<string, string>();
    c.req.raw.headers.forEach((value, name) => headers.set(name, value));
    let received;
    try {
      received = withTrace(decodeEvents({ headers, body }, ctx, limits), c.get("trace"));
    } catch (err) {
      if (err instanceof InvalidBodyError)
        return await rejectBody(err, { requestId, receivedAt, keyId }, deps.ingest);
      throw err;
    }
    c.set("events", received.length);
    // All or nothing, before anything is written: a refused request is retried whole after Retry-After.
    const wait = deps.rateLimiter?.take(keyId ?? ANONYMOUS, received.length);
    if (wait !== undefined) {
      countKeyEvents(deps.metrics, keyId, "rate_limited", received.length);
      throw new HttpError("RATE_LIMITED", { retryAfterSeconds: wait });
    }
    const outcome = await ingest(received, { requestId, receivedAt, keyId }, deps.ingest);
    c.set("outcome", outcome);
    if (outcome.rejected === 0) {
      return c.json({ accepted: outcome.accepted, ids: outcome.results.map((r) => r.id) }, 202);
    }
    if (outcome.accepted > 0) {
      return c.json(
        { accepted: outcome.accepted, rejected: outcome.rejected, results: outcome.results },
        207,
      );
    }
    const { status, problem } = rejectionStatus(outcome);
    c.set("errorCode", problem.code);
    // Every 413 names its limit (README "Responses"), a lone oversized event included.
    const error = problem.code === "EVENT_TOO_LARGE" ? { ...problem, limit: limits.maxEventBytes } : problem;
    return c.json({ error, accepted: 0, rejected: outcome.rejected, results: outcome.results }, status);
  } finally {
    state.release(budget);
  }
}
