import { describe, expect, it } from "vitest";
import { cpuPercent, parseStatTicks, parseStatusKb, threadDelta, threadGroup } from "./proc-stats.js";

describe("/proc parsing", () => {
  it("adds utime and stime, even when the command name holds spaces and parentheses", () => {
    const stat =
      "4242 (node (main) x) S 1 4242 4242 0 -1 4194560 12000 0 0 0 1500 250 0 0 20 0 11 0 123456 1000000 25000 0";
    expect(parseStatTicks(stat)).toBe(1750);
  });

  it("refuses a line it cannot read", () => {
    expect(() => parseStatTicks("garbage")).toThrow(/unreadable/);
  });

  it("reads VmRSS and VmHWM in kB", () => {
    const status = "Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n";
    expect(parseStatusKb(status)).toEqual({ rssKb: 102400, hwmKb: 204800 });
  });

  it("gives CPU as percent of one core over the wall time", () => {
    expect(cpuPercent(150, 100, 1)).toBe(150);
    expect(cpuPercent(50, 100, 2)).toBe(25);
    expect(cpuPercent(10, 100, 0)).toBe(0);
  });
});

describe("per-thread CPU", () => {
  it("groups threads by name: Node's, librdkafka's and the JVM's", () => {
    expect(threadGroup("MainThread")).toBe("main");
    expect(threadGroup("kafka-producer")).toBe("kafka-producer");
    expect(threadGroup("V8Worker")).toBe("V8 helpers");
    expect(threadGroup("rdk:broker1")).toBe("librdkafka");
    expect(threadGroup("rdk:main")).toBe("librdkafka");
    expect(threadGroup("libuv-worker")).toBe("libuv pool");
    expect(threadGroup("C2 CompilerThre")).toBe("JIT");
    expect(threadGroup("GC Thread#1")).toBe("GC");
    expect(threadGroup("kafka-producer-")).toBe("java producer I/O");
  });

  it("gives each group's CPU seconds over the window", () => {
    const start = new Map([
      ["main", 100],
      ["V8 helpers", 10],
    ]);
    const end = new Map([
      ["main", 300],
      ["V8 helpers", 10],
      ["kafka-producer", 50],
    ]);
    expect(threadDelta(start, end, 100)).toEqual({ main: 2, "kafka-producer": 0.5 });
  });
});
