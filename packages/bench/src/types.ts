/** Shared shapes of the benchmark: what a load run reports and what the results file holds. */

/** One HTTP target as the load generator sends it. */
export interface HttpTarget {
  readonly url: string;
  readonly method: "POST";
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the load generator is asked to do (sent to its own process). */
export interface LoadSpec {
  readonly target: HttpTarget;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /**
   * Requests per second, evenly paced over at most `connections` sockets (paced.ts); unset = autocannon
   * with `connections` closed-loop connections, as fast as the server answers.
   */
  readonly overallRate?: number;
  /** Seconds autocannon waits for a response before counting a timeout. */
  readonly timeoutSeconds: number;
}

/** One second of a load phase, by status class. */
export interface SecondBucket {
  readonly second: number;
  readonly ok: number;
  readonly unavailable: number;
  readonly other: number;
}

/** The outcome of one load phase (warm-up or measured), as the load generator saw it. */
export interface PhaseResult {
  /** From the first request to the last response, in seconds. */
  readonly seconds: number;
  readonly requestsSent: number;
  readonly responses: number;
  readonly statusCounts: Readonly<Record<string, number>>;
  /** Sum of `accepted` over 2xx response bodies: events the server promised are stored. */
  readonly acceptedEvents: number;
  /** 503 responses that lacked a Retry-After header. */
  readonly unavailableWithoutRetryAfter: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Seconds from the phase start to the first 2xx response; null if none came. */
  readonly firstOkSeconds: number | null;
  readonly latencyMs: {
    readonly p50: number;
    readonly p90: number;
    readonly p99: number;
    readonly max: number;
  };
  readonly perSecond: readonly SecondBucket[];
}

export interface LoadResult {
  readonly warmup: PhaseResult;
  readonly measured: PhaseResult;
}

/** CPU and memory of one process over a window. */
export interface ProcStats {
  /** Highest resident set size seen (VmHWM where available), MiB. */
  readonly peakRssMb: number;
  /** CPU time over wall time in the window, percent of one core. */
  readonly cpuPercent: number;
  /** CPU time (user + system) of the process in the window, seconds. */
  readonly cpuSeconds: number;
  /** The same per thread group (proc-stats.ts threadGroup), where /proc lists the threads. */
  readonly threadCpuSeconds: Readonly<Record<string, number>>;
}

/** What the Kafka ceiling process reports. */
export interface KafkaCeilingResult {
  readonly warmupRecords: number;
  readonly measuredRecords: number;
  readonly measuredSeconds: number;
  readonly batches: number;
  readonly p50BatchMs: number;
  readonly p99BatchMs: number;
}
