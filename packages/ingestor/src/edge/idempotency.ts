import { HttpError } from "../errors.js";
import { NAMESPACE_URL, uuidv5 } from "./uuidv5.js";

/** The namespace of ids derived from an `Idempotency-Key`: uuidv5(NAMESPACE_URL, "urn:event-ingestor:idempotency-key"). */
export const IDEMPOTENCY_NAMESPACE = uuidv5(NAMESPACE_URL, "urn:event-ingestor:idempotency-key");

export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
// Visible ASCII and inner spaces: what an HTTP field value carries without encoding.
const KEY = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * The key of an `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header: a Structured Field
 * string, so a quoted value is unquoted; the bare form clients usually send is taken as is). Undefined when
 * absent; a malformed key is refused rather than ignored, since ignoring it would silently void the retry
 * safety the client asked for.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  let key = header.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) {
    key = key.slice(1, -1).replace(/\\(["\\])/g, "$1");
  }
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !KEY.test(key)) {
    throw new HttpError("INVALID_IDEMPOTENCY_KEY", {
      message: `Idempotency-Key must be 1-${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`,
      details: { limit: MAX_IDEMPOTENCY_KEY_LENGTH },
    });
  }
  return key;
}

/**
 * The id of the id-less event at `index` of a request sent with Idempotency-Key `key`:
 * uuidv5(IDEMPOTENCY_NAMESPACE, key + "\n" + index). A newline never occurs in a header value, so distinct
 * (key, index) pairs never share a name; a retry of the same request gets the same ids.
 */
export function idempotentId(key: string, index: number): string {
  return uuidv5(IDEMPOTENCY_NAMESPACE, `${key}\n${index}`);
}
