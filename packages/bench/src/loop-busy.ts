// How busy each of the ingestor's threads was over a run, from its own
// `ingestor_event_loop_busy_seconds_total{thread}` counter (HTTP thread, Kafka producer thread): says which
// thread a scenario saturates, in every run, without a profiler.

export interface LoopSample {
  /** Clock reading (ms) when the sample was taken. */
  readonly at: number;
  /** Busy seconds by thread. */
  readonly busy: Readonly<Record<string, number>>;
}

const LINE = /^ingestor_event_loop_busy_seconds_total\{thread="([^"]+)"\} ([0-9.eE+-]+)$/;

export function parseLoopBusy(metrics: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of metrics.split("\n")) {
    const m = LINE.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** Percent of the window each thread's event loop was busy (100 = saturated), rounded. */
export function loopBusyPercent(start: LoopSample, end: LoopSample): Record<string, number> {
  const seconds = (end.at - start.at) / 1000;
  const out: Record<string, number> = {};
  if (seconds <= 0) return out;
  for (const [thread, busy] of Object.entries(end.busy)) {
    out[thread] = Math.round((100 * (busy - (start.busy[thread] ?? 0))) / seconds);
  }
  return out;
}

/** Reads the counters from a running ingestor; undefined if it does not answer. */
export async function sampleLoopBusy(url: string): Promise<LoopSample | undefined> {
  try {
    const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) return undefined;
    const busy = parseLoopBusy(await res.text());
    return { at: performance.now(), busy };
  } catch {
    return undefined;
  }
}
