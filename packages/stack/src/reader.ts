// Reads one object of the stack's config (`event-ingestor:app`, `event-ingestor:kafka`) with defaults, recording
// a problem per bad key instead of throwing, so one run reports every mistake at once.

import { isRecord, type Raw } from "@event-ingestor/platform";
export const isOneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === "string" && (list as readonly string[]).includes(v);

export class Reader {
  readonly problems: string[] = [];
  constructor(
    readonly prefix: string,
    private readonly raw: Raw,
    known: readonly string[],
  ) {
    for (const key of Object.keys(raw))
      if (!known.includes(key)) this.problems.push(`${prefix}.${key} is not a known setting`);
  }
  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }
  string(key: string, fallback: string, pattern = /^.+$/s): string {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    if (typeof v === "string" && pattern.test(v)) return v;
    this.problems.push(
      `${this.prefix}.${key} must be a string matching ${pattern.source}, got ${JSON.stringify(v)}`,
    );
    return fallback;
  }
  optionalString(key: string, pattern: RegExp): string | undefined {
    return this.raw[key] === undefined ? undefined : this.string(key, "", pattern);
  }
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    if (isOneOf(allowed, v)) return v;
    this.problems.push(
      `${this.prefix}.${key} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`,
    );
    return fallback;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    if (v === true || v === "true") return true;
    if (v === false || v === "false") return false;
    this.problems.push(`${this.prefix}.${key} must be true or false, got ${JSON.stringify(v)}`);
    return fallback;
  }
  int(key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.raw[key];
    if (v === undefined) return fallback;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    if (typeof n === "number" && Number.isInteger(n) && n >= min && n <= max) return n;
    const range =
      max === Number.MAX_SAFE_INTEGER ? `>= ${String(min)}` : `from ${String(min)} to ${String(max)}`;
    this.problems.push(`${this.prefix}.${key} must be an integer ${range}, got ${JSON.stringify(v)}`);
    return fallback;
  }
  stringMap(key: string): Record<string, string> {
    const v = this.raw[key];
    if (v === undefined) return {};
    if (isRecord(v)) {
      const entries = Object.entries(v);
      if (entries.every((e): e is [string, string] => typeof e[1] === "string"))
        return Object.fromEntries(entries);
    }
    this.problems.push(`${this.prefix}.${key} must map names to strings, got ${JSON.stringify(v)}`);
    return {};
  }
}
