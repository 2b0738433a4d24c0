import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "../errors.js";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/**
 * API-key check, off when no keys are configured. Keys arrive as `Authorization: Bearer <key>` or
 * `X-API-Key`; comparison is constant-time over digests so key length and content do not leak by timing.
 */
export function createAuthCheck(keys: readonly string[]): (headers: Headers) => void {
  const digests = keys.map(digest);
  return (headers) => {
    if (digests.length === 0) return;
    const auth = headers.get("authorization");
    const presented = auth?.toLowerCase().startsWith("bearer ")
      ? auth.slice(7).trim()
      : headers.get("x-api-key");
    if (presented === null || presented === "") throw new HttpError("UNAUTHORIZED");
    const d = digest(presented);
    let ok = false;
    for (const k of digests) ok = timingSafeEqual(k, d) || ok;
    if (!ok) throw new HttpError("FORBIDDEN");
  };
}
