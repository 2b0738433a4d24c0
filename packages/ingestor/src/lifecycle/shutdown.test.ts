import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushReserveMs, QUIET_MAX_MS, QUIET_MS, shutdown, type ShutdownDeps } from "./shutdown.js";
import { ServiceState } from "./state.js";

const logger = pino({ level: "silent" });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

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
    cutConnections: () => {
      steps.push("cutConnections");
      // Cutting a connection ends its request.
      while (state.active > 0) state.requestFinished();
    },
    closeServer: () => {
      steps.push(`closeServer (closed=${state.closed}, active=${state.active})`);
      return Promise.resolve();
    },
    flush: () => {
      steps.push(`flush (active=${state.active})`);
      return Promise.resolve();
    },
    disconnect: () => {
      steps.push("disconnect");
      return Promise.resolve();
    },
    now: () => Date.now(),
    ...overrides,
  };
  return { state, steps, deps };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("shutdown", () => {
  it("fails readiness during the delay, refuses new requests, waits for requests, flushes, disconnects, then closes the server", async () => {
    const { state, steps, deps } = setup();
    state.requestStarted();
    const done = shutdown(deps, "SIGTERM");
    await vi.advanceTimersByTimeAsync(0);
    expect(steps).toEqual(["sleep 500 (draining=true, closed=false)"]);
    expect(state.closed).toBe(true);
    steps.push("last request finishes");
    state.requestFinished();
    expect(await done).toBe(true);
    expect(steps).toEqual([
      "sleep 500 (draining=true, closed=false)",
      "last request finishes",
      "flush (active=0)",
      "disconnect",
      "closeServer (closed=true, active=0)",
    ]);
  });

  it("closes the listener only once no request arrived for QUIET_MS, so late clients get DRAINING, not a reset", async () => {
    const { state, steps, deps } = setup({
      delayMs: 0,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    state.requestArrived(); // a client still sending: answered 503 DRAINING
    const done = shutdown(deps, "SIGTERM");
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1);
    expect(steps).toEqual(["flush (active=0)", "disconnect"]);
    state.requestArrived();
    await vi.advanceTimersByTimeAsync(QUIET_MS - 1);
    expect(steps).toEqual(["flush (active=0)", "disconnect"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toBe(true);
    expect(steps.at(-1)).toBe("closeServer (closed=true, active=0)");
  });

  it("stops waiting for quiet after QUIET_MAX_MS: a client that never stops cannot hold the exit", async () => {
    const { state, steps, deps } = setup({
      delayMs: 0,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    const arrivals = setInterval(() => {
      state.requestArrived();
    }, 10);
    try {
      state.requestArrived();
      const done = shutdown(deps, "SIGTERM");
      await vi.advanceTimersByTimeAsync(QUIET_MAX_MS - QUIET_MS - 10);
      expect(steps.at(-1)).toBe("disconnect");
      await vi.advanceTimersByTimeAsync(QUIET_MS + 20);
      expect(await done).toBe(true);
      expect(steps.at(-1)).toBe("closeServer (closed=true, active=0)");
    } finally {
      clearInterval(arrivals);
    }
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
    await vi.advanceTimersByTimeAsync(0);
    expect(steps.at(-1)).toBe("flush started");
    flushed.resolve();
    expect(await done).toBe(true);
    expect(steps.slice(-2)).toEqual(["disconnect", "closeServer (closed=true, active=0)"]);
  });

  it("cuts a stalled upload when only the flush reserve is left, and still flushes and disconnects", async () => {
    const { state, steps, deps } = setup({ delayMs: 0, timeoutMs: 25_000 });
    state.requestStarted(); // a client that never finishes sending its body
    const done = shutdown(deps, "SIGTERM");
    const reserve = flushReserveMs(25_000, 0);
    expect(reserve).toBe(5_000);
    await vi.advanceTimersByTimeAsync(25_000 - reserve - 1);
    expect(steps).toEqual(["sleep 0 (draining=true, closed=false)"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await done).toBe(false);
    expect(steps).toEqual([
      "sleep 0 (draining=true, closed=false)",
      "cutConnections",
      "flush (active=0)",
      "disconnect",
      "closeServer (closed=true, active=0)",
    ]);
  });

  it("returns false when the flush does not finish inside SHUTDOWN_TIMEOUT_MS, and still asks to disconnect", async () => {
    const { deps, steps } = setup({
      timeoutMs: 50,
      delayMs: 0,
      flush: () => new Promise<void>(() => undefined),
    });
    const done = shutdown(deps, "SIGTERM");
    await vi.advanceTimersByTimeAsync(50);
    expect(await done).toBe(false);
    expect(steps).toContain("disconnect");
  });
});
