// Just enough IPv4 arithmetic to catch overlapping or misplaced ranges in config before Azure does, minutes later.

export interface Range {
  readonly first: number;
  readonly last: number;
}

function address(text: string): number | undefined {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** The addresses of `a.b.c.d/n`, or undefined when it is not a valid IPv4 CIDR. */
export function parseCidr(cidr: string): Range | undefined {
  const [ip, bits] = cidr.split("/");
  const first = ip === undefined ? undefined : address(ip);
  const prefix = Number(bits);
  if (first === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const base = first - (first % size);
  return { first: base, last: base + size - 1 };
}

export function overlaps(a: Range, b: Range): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Range, inner: Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** True when `ip` is a valid address inside `range`. */
export function containsAddress(range: Range, ip: string): boolean {
  const value = address(ip);
  return value !== undefined && range.first <= value && value <= range.last;
}
