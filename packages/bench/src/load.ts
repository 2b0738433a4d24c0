// Drives load from a separate process: the orchestrator only forks the load generator and waits.
import { forkModule, nextMessage, stopChild } from "./child.js";
import { isLoadWorkerReply, isPhaseMessage } from "./ipc.js";
import { ProcSampler } from "./proc-stats.js";
import type { LoadResult, LoadSpec, ProcStats } from "./types.js";

export interface LoadRun {
  readonly result: LoadResult;
  /** CPU and memory of the load generator itself (it shares the machine with the server). */
  readonly loader: ProcStats;
}

/**
 * Runs one load (warm-up then measured phase) in a fresh load-generator process.
 * @param spec what to send, how hard and for how long.
 * @param onMeasured called when the warm-up is over and the measured phase starts.
 */
export async function runLoad(spec: LoadSpec, onMeasured: () => void = () => undefined): Promise<LoadRun> {
  const child = forkModule("load-worker.js", "load-worker");
  const pid = child.pid;
  if (pid === undefined) throw new Error("the load generator did not start");
  let sampler = new ProcSampler(pid);
  child.on("message", (message: unknown) => {
    if (!isPhaseMessage(message)) return;
    sampler.stop();
    sampler = new ProcSampler(pid);
    onMeasured();
  });
  try {
    child.send({ kind: "run-load", spec });
    // Each phase ends by its duration plus, at worst, one response timeout while in-flight requests finish.
    const budgetMs = (spec.warmupSeconds + spec.durationSeconds + 2 * spec.timeoutSeconds + 60) * 1000;
    const reply = await nextMessage(child, isLoadWorkerReply, budgetMs);
    if (reply.kind === "error") throw new Error(`load generator: ${reply.message}`);
    return { result: reply.result, loader: sampler.stop() };
  } finally {
    sampler.stop();
    await stopChild(child);
  }
}
