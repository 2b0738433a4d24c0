import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKey } from "../edge/api-keys.js";
import { HttpError } from "../errors.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * API-key check, off when no keys are configured. Answers the key's id (API_KEYS' `id:key`, or one derived
 * from the key), never the key itself, so the id can label records, metrics and rate limits without holding a
 * secret; undefined when auth is off. Keys arrive as `Authorization: Bearer <key>` or `X-API-Key`; comparison
 * is constant-time over digests so key length and content do not leak by timing.
 */
export function createAuthCheck(keys: readonly ApiKey[]): (headers: Headers) => string | undefined {
  const digests = keys.map((k) => ({ id: k.id, digest: digest(k.key) }));
  return (headers) => {
    if (digests.length === 0) return undefined;
    const auth = headers.get("authorization");
    const presented = auth?.toLowerCase().startsWith("bearer ")
      ? auth.slice(7).trim()
      : headers.get("x-api-key");
    if (presented === null || presented === "") throw new HttpError("UNAUTHORIZED");
    const d = digest(presented);
    let match: string | undefined;
    // Every digest is compared, so the time taken does not tell which entry matched.
    for (const k of digests) if (timingSafeEqual(k.digest, d)) match = k.id;
    if (match === undefined) throw new HttpError("FORBIDDEN");
    return match;
  };
}
