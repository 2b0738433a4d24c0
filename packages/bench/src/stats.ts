/** Small numeric helpers shared by the processes of the benchmark. */

/** The p-th percentiles (0-100) of `values` for each p, nearest rank, sorting once; 0 for no values. */
export function percentiles(values: readonly number[], ps: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return ps.map((p) => {
    if (sorted.length === 0) return 0;
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank] ?? 0;
  });
}

/** The p-th percentile (0-100) of `values`, nearest rank; 0 for no values. */
export function percentile(values: readonly number[], p: number): number {
  return percentiles(values, [p])[0] ?? 0;
}

/** `value` rounded to `digits` decimals. */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
