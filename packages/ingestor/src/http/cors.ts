import type { MiddlewareHandler } from "hono";

/** Request headers a browser may send to POST /events (besides `ce-*` binary-mode attributes, echoed by name). */
export const CORS_ALLOWED_HEADERS = [
  "Content-Type",
  "Content-Encoding",
  "Authorization",
  "X-API-Key",
  "X-Request-Id",
  "Idempotency-Key",
  "traceparent",
  "tracestate",
] as const;
/** Response headers a browser script may read (the CORS-safelisted ones need no listing). */
export const CORS_EXPOSED_HEADERS = ["X-Request-Id", "Retry-After"] as const;
export const CORS_ALLOWED_METHODS = ["POST"] as const;
/** How long a browser may cache a preflight (Chromium caps it at 2 hours). */
export const CORS_MAX_AGE_SECONDS = 7_200;

// A binary-mode CloudEvents attribute header: `ce-` and a CloudEvents attribute name.
const CE_HEADER = /^ce-[a-z0-9]{1,20}$/;
const ALLOWED = new Set(CORS_ALLOWED_HEADERS.map((h) => h.toLowerCase()));

/** The headers a preflight may have asked for that we allow: the fixed list, plus each `ce-*` it names. */
function allowedHeaders(requested: string | undefined): string {
  const ce = (requested ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter((h) => CE_HEADER.test(h) && !ALLOWED.has(h));
  return [...CORS_ALLOWED_HEADERS, ...new Set(ce)].join(", ");
}

export interface CorsOptions {
  /** Allowed origins, serialised as browsers send them (`https://app.example.com`); empty: no CORS at all. */
  readonly origins: readonly string[];
}

/**
 * CORS for browsers posting events from an allowlist of origins. Actual responses (errors included) carry
 * `Access-Control-Allow-Origin` for an allowed origin, and expose X-Request-Id and Retry-After; a preflight
 * (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 here. Credentials are allowed for listed
 * origins because `navigator.sendBeacon()` sends them with a JSON Blob: the service authenticates only by
 * header (API key), never by cookie, so they grant nothing. Origins not listed get no CORS headers (the
 * browser then refuses). With no origins configured there is no middleware at all (undefined).
 */
export function createCors(options: CorsOptions): MiddlewareHandler | undefined {
  if (options.origins.length === 0) return undefined;
  const origins = new Set(options.origins);
  const exposed = CORS_EXPOSED_HEADERS.join(", ");
  return async (c, next) => {
    const origin = c.req.header("origin");
    const allowed = origin !== undefined && origins.has(origin);
    // Caches must not serve one origin's answer to another.
    c.header("Vary", "Origin", { append: true });
    const preflight =
      c.req.method === "OPTIONS" && c.req.header("access-control-request-method") !== undefined;
    if (preflight) {
      c.header("Vary", "Access-Control-Request-Method, Access-Control-Request-Headers", { append: true });
      if (allowed) {
        c.header("Access-Control-Allow-Origin", origin);
        c.header("Access-Control-Allow-Credentials", "true");
        c.header("Access-Control-Allow-Methods", CORS_ALLOWED_METHODS.join(", "));
        c.header(
          "Access-Control-Allow-Headers",
          allowedHeaders(c.req.header("access-control-request-headers")),
        );
        c.header("Access-Control-Max-Age", String(CORS_MAX_AGE_SECONDS));
      }
      await next();
      return;
    }
    if (allowed) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Allow-Credentials", "true");
      c.header("Access-Control-Expose-Headers", exposed);
    }
    await next();
  };
}
