import { describe, expect, it } from "vitest";
import { ServiceState } from "./state.js";

function clocked(max = 1_000) {
  const clock = { now: 10_000 };
  const reported: number[] = [];
  const state = new ServiceState(
    max,
    () => clock.now,
    (b) => reported.push(b),
  );
  return { state, clock, reported };
}

describe("ServiceState admission", () => {
  it("admits requests while the in-flight budget holds and refuses the one that would overflow it", () => {
    const { state, reported } = clocked(1_000);
    expect(state.tryAcquire(600)).toBe(true);
    expect(state.tryAcquire(400)).toBe(true);
    expect(state.tryAcquire(1)).toBe(false);
    expect(state.inflightBytes).toBe(1_000);
    expect(reported).toEqual([600, 1_000]);
  });

  it("reports saturated for one second after a refusal, then not", () => {
    const { state, clock } = clocked(1_000);
    expect(state.saturated).toBe(false);
    expect(state.tryAcquire(2_000)).toBe(false);
    expect(state.saturated).toBe(true);
    clock.now += 999;
    expect(state.saturated).toBe(true);
    clock.now += 1;
    expect(state.saturated).toBe(false);
  });

  it("reports saturated while more than 90% of the budget is in use", () => {
    const { state } = clocked(1_000);
    state.tryAcquire(900);
    expect(state.saturated).toBe(false);
    state.tryAcquire(1);
    expect(state.saturated).toBe(true);
    state.release(1);
    expect(state.saturated).toBe(false);
  });

  it("frees the budget on release, never below zero", () => {
    const { state, reported } = clocked(1_000);
    state.tryAcquire(1_000);
    state.release(1_000);
    expect(state.tryAcquire(1_000)).toBe(true);
    state.release(5_000);
    expect(state.inflightBytes).toBe(0);
    expect(reported.at(-1)).toBe(0);
  });
});

describe("ServiceState lifecycle", () => {
  it("drains (readiness fails) before it closes (requests refused)", () => {
    const { state } = clocked();
    state.startDraining();
    expect([state.draining, state.closed]).toEqual([true, false]);
    state.close();
    expect([state.draining, state.closed]).toEqual([true, true]);
  });

  it("idle() resolves at once with no request active, else when the last one finishes", async () => {
    const { state } = clocked();
    await state.idle();
    state.requestStarted();
    state.requestStarted();
    let idle = false;
    void state.idle().then(() => (idle = true));
    state.requestFinished();
    await Promise.resolve();
    expect(idle).toBe(false);
    state.requestFinished();
    await Promise.resolve();
    expect(idle).toBe(true);
    expect(state.active).toBe(0);
  });
});
