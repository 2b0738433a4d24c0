import { describe, expect, it } from "vitest";
import { cpuPercent, parseStatTicks, parseStatusKb } from "./proc-stats.js";

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
