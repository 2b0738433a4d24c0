// Small validators for the raw stack config object. Each returns undefined when the key is absent (the default
// applies) and records a problem instead of throwing, so one run reports every mistake at once.

export type Raw = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function int(raw: Raw, key: string, min: number, max: number, problems: string[]): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  // `pulumi config set --path` stores scalars as strings.
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) {
    problems.push(`${key} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return n;
}

export function str(raw: Raw, key: string, pattern: RegExp, problems: string[]): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !pattern.test(value)) {
    problems.push(`${key} must match ${pattern.source}, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

export function oneOf<T extends string>(
  raw: Raw,
  key: string,
  allowed: readonly T[],
  problems: string[],
): T | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const match = allowed.find((a) => a === value);
  if (match === undefined) {
    problems.push(`${key} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return match;
}

export function strings(raw: Raw, key: string, pattern: RegExp, problems: string[]): string[] | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string" && pattern.test(v))) {
    problems.push(
      `${key} must be a list of strings matching ${pattern.source}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  return value;
}

export function bool(raw: Raw, key: string, problems: string[]): boolean | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  problems.push(`${key} must be true or false, got ${JSON.stringify(value)}`);
  return undefined;
}

/** An integer with only a lower bound (e.g. a replica count), parsed as {@link int} parses it. */
export function intAtLeast(raw: Raw, key: string, min: number, problems: string[]): number | undefined {
  const own: string[] = [];
  const n = int(raw, key, min, Number.MAX_SAFE_INTEGER, own);
  // int's "from min to 9007199254740991" would name a bound nobody set.
  if (own.length > 0) problems.push(`${key} must be an integer >= ${min}, got ${JSON.stringify(raw[key])}`);
  return n;
}

/** A map of names to strings (e.g. extra environment variables). */
export function stringMap(raw: Raw, key: string, problems: string[]): Record<string, string> | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (isRecord(value)) {
    const entries = Object.entries(value);
    if (entries.every((e): e is [string, string] => typeof e[1] === "string"))
      return Object.fromEntries(entries);
  }
  problems.push(`${key} must map names to strings, got ${JSON.stringify(value)}`);
  return undefined;
}

/** Whether `value` is one of `list` (a type guard for values that are not a config key, e.g. a stack name). */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (list as readonly string[]).includes(value);
}

export function unknownKeys(raw: Raw, known: readonly string[], problems: string[]): void {
  for (const key of Object.keys(raw))
    if (!known.includes(key)) problems.push(`${key} is not a known setting`);
}

export const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;

/**
 * Parts of a value that mark it as a placeholder: the RFC 2606 example names and the values and examples the
 * stack files ship with (`b-1.example.abc123...`, `my-namespace.servicebus...`, `my-gcp-project`). Compared per DNS label,
 * path segment or list item, case-insensitively.
 */
export const PLACEHOLDER_PARTS: readonly string[] = [
  "example",
  "invalid",
  "abc123",
  "my-namespace",
  "my-gcp-project",
  "my-project",
  "my-vault",
  "placeholder",
  "changeme",
  "change-me",
  "replace-me",
  "todo",
  // The commented examples in the stack files (`events.your-domain.com`, `/subscriptions/<id>/...`): uncommented
  // as they are, they must be refused like the values the files ship with.
  "your-domain",
  "your-vault",
  "your-zone",
  "your-cluster",
  "your-project",
  "xxxxxx",
  "<id>",
  "<rg>",
];

/** Whether `value` still holds a placeholder (see {@link PLACEHOLDER_PARTS}). */
export function isPlaceholder(value: string): boolean {
  return value
    .toLowerCase()
    .split(/[\s.,:/@=]+/)
    .some((part) => PLACEHOLDER_PARTS.includes(part));
}

/** The problem to report for a placeholder: the key, the value, and how to set a real one. */
export function placeholderProblem(key: string, value: string, howToSet: string): string {
  return `${key} is still the placeholder ${JSON.stringify(value)}: set it with \`${howToSet}\``;
}
