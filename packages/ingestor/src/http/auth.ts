import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "../errors.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * API-key check, off when no keys are configured; names the client by the key's position (`key-1`, ...),
 * never by the key itself, so the name can label a rate limit without holding a secret. Keys arrive as `Authorization: Bearer <key>` or
 * `X-API-Key`; comparison is constant-time over digests so key length and content do not leak by timing.
 */
export function createAuthCheck(keys: readonly string[]): (headers: Headers) => string {
  const digests = keys.map(digest);
  return (headers) => {
    if (digests.length === 0) return "anonymous";
    const auth = headers.get("authorization");
    const presented = auth?.toLowerCase().startsWith("bearer ")
      ? auth.slice(7).trim()
      : headers.get("x-api-key");
    if (presented === null || presented === "") throw new HttpError("UNAUTHORIZED");
    const d = digest(presented);
    let match = -1;
    digests.forEach((k, i) => {
      if (timingSafeEqual(k, d)) match = i;
    });
    if (match < 0) throw new HttpError("FORBIDDEN");
    return `key-${match + 1}`;
  };
}
