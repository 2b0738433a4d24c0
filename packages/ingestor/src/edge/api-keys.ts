import { createHash } from "node:crypto";
import type { KeyRateLimit } from "../settings.js";

export type { KeyRateLimit } from "../settings.js";

/**
 * API keys and their ids. An `API_KEYS` entry is `id:key` (the id names the client in the `ingest_key_id`
 * record header, a metric label and `RATE_LIMIT_PER_KEY`) or a bare key, whose id is `key-` and the first
 * 8 hex digits of its SHA-256: stable across restarts and replicas, and 32 bits of a digest reveal nothing
 * usable of a key. `:` separates because keys are often base64, whose padding is `=`.
 */
export interface ApiKey {
  readonly id: string;
  readonly key: string;
}

/** The id of requests when API_KEYS is unset (the metric label, and the one rate-limit bucket). */
export const ANONYMOUS = "anonymous";
/** A key id: also a Prometheus label value and a Kafka header value, so plain ASCII of bounded length. */
export const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const KEY_ID_RULE = "1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

/** The id a key without one gets. */
export const derivedKeyId = (key: string): string =>
  `key-${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;

/**
 * The keys of API_KEYS with their ids, and what is wrong with the list. Problems name entries by position
 * and never quote them: the part before a `:` may be a secret key that merely contains one.
 */
export function parseApiKeys(entries: readonly string[]): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(":");
    const id = colon < 0 ? undefined : entry.slice(0, colon).trim();
    const key = colon < 0 ? entry : entry.slice(colon + 1).trim();
    const where = `entry ${i + 1}`;
    if (id !== undefined && !KEY_ID.test(id)) {
      problems.push(`${where}: the part before ':' is not a key id (${KEY_ID_RULE})`);
      return;
    }
    if (key === "") {
      problems.push(`${where}: no key after '${id ?? ""}:'`);
      return;
    }
    const named = id ?? derivedKeyId(key);
    if (named === ANONYMOUS)
      problems.push(`${where}: the id '${ANONYMOUS}' is reserved for requests without auth`);
    else if (seen.has(named)) problems.push(`${where}: the id '${named}' is used by an earlier entry`);
    seen.add(named);
    keys.push({ id: named, key });
  });
  return { keys, problems };
}

const LIMIT = /^([^=\s]+)\s*=\s*(\d+)(?:\s*\/\s*(\d+))?$/;

/** RATE_LIMIT_PER_KEY's entries, or what is wrong with its syntax (ids are checked against API_KEYS later). */
export function parseKeyRateLimits(text: string): { limits: KeyRateLimit[]; problems: string[] } {
  const limits: KeyRateLimit[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const m = LIMIT.exec(entry);
    const [, id = "", rate = "", burst] = m ?? [];
    if (m === null || !KEY_ID.test(id)) {
      problems.push(
        `'${entry}' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is ${KEY_ID_RULE})`,
      );
      continue;
    }
    if (seen.has(id)) problems.push(`the key id '${id}' is listed twice`);
    seen.add(id);
    limits.push({ id, perSecond: Number(rate), ...(burst === undefined ? {} : { burst: Number(burst) }) });
  }
  if (limits.length === 0 && problems.length === 0) problems.push("must list at least one <key id>=<rate>");
  return { limits, problems };
}
