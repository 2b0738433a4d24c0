// Child processes of the benchmark: each workload, server and ceiling runs in its own process.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The roles a forked module can play. */
export type ChildRole = "load-worker" | "hono-ceiling" | "node-http-ceiling" | "kafka-ceiling";

/**
 * Forks one of this package's built modules with an IPC channel.
 * @param module path relative to this file's directory (`dist/`), e.g. `load-worker.js`.
 * @param role what the child is; the module only starts work when BENCH_CHILD names it.
 * @param env extra environment for the child.
 */
export function forkModule(
  module: string,
  role: ChildRole,
  env: Readonly<Record<string, string>> = {},
): ChildProcess {
  const file = fileURLToPath(new URL(module, import.meta.url));
  return fork(file, [], {
    env: { ...process.env, ...env, BENCH_CHILD: role },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/**
 * Waits for the first message from `child` that `guard` accepts.
 * @param timeoutMs fails after this long, or as soon as the child exits.
 */
export function nextMessage<T>(
  child: ChildProcess,
  guard: (value: unknown) => value is T,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`child ${String(child.pid)} sent no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: unknown) => {
      if (!guard(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child ${String(child.pid)} exited (${String(code)}) before answering`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

/** Ends a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. Resolves with its exit code. */
export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", (code) => {
      clearTimeout(killer);
      resolve(code);
    });
    child.kill("SIGTERM");
  });
}
