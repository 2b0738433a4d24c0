import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { shutdown, type ShutdownDeps } from "./shutdown.js";
import { ServiceState } from "./state.js";

const logger = pino({ level: "silent" });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

function setup(overrides: Partial<ShutdownDeps> = {}) {
  const state = new ServiceState(1_000);
  const steps: string[] = [];
  const deps: ShutdownDeps = {
    state,
    logger,
    delayMs: 500,
    timeoutMs: 5_000,
    sleep: (ms) => {
      steps.push(`sleep ${ms} (draining=${state.draining}, closed=${state.closed})`);
      return Promise.resolve();
    },
    closeServer: () => {
      steps.push(`closeServer (closed=${state.closed})`);
      return Promise.resolve();
    },
    closeConnections: () => steps.push("closeConnections"),
    flush: () => {
      steps.push(`flush (active=${state.active})`);
      return Promise.resolve();
    },
    disconnect: () => {
      steps.push("disconnect");
      return Promise.resolve();
    },
    ...overrides,
  };
  return { state, steps, deps };
}

describe("shutdown", () => {
  it("fails readiness during the delay, then closes, waits for requests, flushes and disconnects, in order", async () => {
    const { state, steps, deps } = setup();
    state.requestStarted();
    const done = shutdown(deps, "SIGTERM");
    await tick();
    expect(steps).toEqual(["sleep 500 (draining=true, closed=false)", "closeServer (closed=true)"]);
    steps.push("last request finishes");
    state.requestFinished();
    expect(await done).toBe(true);
    expect(steps).toEqual([
      "sleep 500 (draining=true, closed=false)",
      "closeServer (closed=true)",
      "last request finishes",
      "flush (active=0)",
      "disconnect",
      "closeConnections",
    ]);
  });

  it("disconnects only after the flush has been acknowledged", async () => {
    const flushed = deferred();
    const { steps, deps } = setup({
      flush: () => {
        steps.push("flush started");
        return flushed.promise;
      },
    });
    const done = shutdown(deps, "SIGINT");
    await tick();
    expect(steps.at(-1)).toBe("flush started");
    flushed.resolve();
    expect(await done).toBe(true);
    expect(steps.slice(-2)).toEqual(["disconnect", "closeConnections"]);
  });

  it("returns false when the steps do not finish inside SHUTDOWN_TIMEOUT_MS", async () => {
    const { deps, steps } = setup({ timeoutMs: 50, flush: () => new Promise<void>(() => undefined) });
    const started = Date.now();
    expect(await shutdown(deps, "SIGTERM")).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(steps).not.toContain("disconnect");
  });
});
