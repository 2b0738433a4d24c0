// The load generator's own process: runs autocannon for a warm-up and a measured phase and reports what
// the server acknowledged. It never shares an event loop with the server or the orchestrator.
import autocannon from "autocannon";
import { PhaseCounter } from "./load-counter.js";
import { runPacedPhase } from "./paced.js";
import type { LoadResult, LoadSpec, PhaseResult } from "./types.js";
import { isRunLoadMessage, type LoadWorkerReply } from "./ipc.js";

/**
 * Makes every autocannon client stop after the response it is waiting for: unlike autocannon's own
 * duration stop, which destroys sockets with requests in flight, no request ends with an unknown outcome,
 * so accepted events can be compared exactly with Kafka offsets. `reqsMade`/`responseMax` are autocannon
 * 8.0.0 client fields (lib/httpClient.js), absent from its type definitions.
 */
function drain(clients: readonly object[]): void {
  for (const client of clients) {
    const made = "reqsMade" in client && typeof client.reqsMade === "number" ? client.reqsMade : 0;
    Reflect.set(client, "responseMax", Math.max(1, made));
  }
}

async function runPhase(spec: LoadSpec, seconds: number): Promise<PhaseResult> {
  // A rate means "latency at this load": evenly paced requests, not autocannon's per-second bursts.
  if (spec.overallRate !== undefined) return runPacedPhase(spec, seconds, spec.overallRate);
  const counter = new PhaseCounter(performance.now());
  const clients: object[] = [];
  const drainTimer = setTimeout(() => {
    drain(clients);
  }, seconds * 1000);
  try {
    const result = await autocannon({
      url: spec.target.url,
      connections: spec.connections,
      // A backstop only: the drain above ends the phase first.
      duration: seconds + spec.timeoutSeconds + 30,
      timeout: spec.timeoutSeconds,
      setupClient: (client) => {
        clients.push(client);
      },
      requests: [
        {
          method: spec.target.method,
          headers: spec.target.headers,
          body: spec.target.body,
          onResponse: (status, body, _context, headers) => {
            counter.record(status, body, headers ?? {}, performance.now());
          },
        },
      ],
    });
    return counter.result({
      requestsSent: result.requests.sent,
      errors: result.errors,
      timeouts: result.timeouts,
      latencyMs: {
        p50: result.latency.p50,
        p90: result.latency.p90,
        p99: result.latency.p99,
        max: result.latency.max,
      },
    });
  } finally {
    clearTimeout(drainTimer);
  }
}

/** A phase that did not run (no warm-up asked for). */
function skipped(): PhaseResult {
  return new PhaseCounter(0).result({
    requestsSent: 0,
    errors: 0,
    timeouts: 0,
    latencyMs: { p50: 0, p90: 0, p99: 0, max: 0 },
  });
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const warmup = spec.warmupSeconds > 0 ? await runPhase(spec, spec.warmupSeconds) : skipped();
  process.send?.({ kind: "phase", phase: "measured" });
  const measured = await runPhase(spec, spec.durationSeconds);
  return { warmup, measured };
}

function reply(message: LoadWorkerReply): void {
  process.send?.(message);
}

// Only as the forked load generator: importing this module starts nothing.
if (process.env["BENCH_CHILD"] === "load-worker") {
  process.on("message", (message: unknown) => {
    if (!isRunLoadMessage(message)) {
      reply({ kind: "error", message: "unexpected message" });
      return;
    }
    runLoad(message.spec).then(
      (result) => {
        reply({ kind: "result", result });
      },
      (err: unknown) => {
        reply({ kind: "error", message: err instanceof Error ? err.message : String(err) });
      },
    );
  });
}
