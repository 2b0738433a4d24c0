// CPU and memory of a process from /proc (Linux): what `ps` would show, sampled while a scenario runs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ProcStats } from "./types.js";

/** CPU time of a process in clock ticks, from the text of /proc/<pid>/stat. */
export function parseStatTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 (utime) and 15 (stime) of proc(5); fields[0] is field 3.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error("unreadable /proc stat line");
  return utime + stime;
}

/** Resident set size now and at its peak (VmRSS, VmHWM), in KiB, from the text of /proc/<pid>/status. */
export function parseStatusKb(status: string): { rssKb: number; hwmKb: number } {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]);
  };
  return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
}

/** CPU percent of one core used over a window. */
export function cpuPercent(ticks: number, ticksPerSecond: number, wallSeconds: number): number {
  return wallSeconds <= 0 ? 0 : (ticks / ticksPerSecond / wallSeconds) * 100;
}

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

function readTicks(pid: number): number | undefined {
  try {
    return parseStatTicks(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

function readMemory(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    return parseStatusKb(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * Samples one process: RSS every `intervalMs`, CPU ticks at start and stop. The peak is the larger of
 * the sampled RSS and the kernel's high-water mark (every benchmarked process is fresh per scenario, so
 * its lifetime peak is the scenario's peak).
 */
export class ProcSampler {
  private readonly timer: NodeJS.Timeout;
  private readonly startTicks: number;
  private readonly startedAt = performance.now();
  private peakKb = 0;
  private lastTicks: number;

  /**
   * @param pid the process to watch.
   * @param intervalMs sampling period for RSS.
   */
  constructor(
    private readonly pid: number,
    intervalMs = 200,
  ) {
    this.startTicks = readTicks(pid) ?? 0;
    this.lastTicks = this.startTicks;
    this.sample();
    this.timer = setInterval(() => {
      this.sample();
    }, intervalMs);
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (memory !== undefined) this.peakKb = Math.max(this.peakKb, memory.rssKb, memory.hwmKb);
    this.lastTicks = readTicks(this.pid) ?? this.lastTicks;
  }

  /** Stops sampling and returns the window's figures. */
  stop(): ProcStats {
    this.sample();
    clearInterval(this.timer);
    const seconds = (performance.now() - this.startedAt) / 1000;
    return {
      peakRssMb: Math.round((this.peakKb / 1024) * 10) / 10,
      cpuPercent: Math.round(cpuPercent(this.lastTicks - this.startTicks, ticksPerSecond(), seconds)),
    };
  }
}
