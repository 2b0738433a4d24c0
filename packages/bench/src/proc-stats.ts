// CPU and memory of a process from /proc (Linux): what `ps` would show, sampled while a scenario runs.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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

/**
 * The group a thread's CPU is reported under, from its name (/proc/<pid>/task/<tid>/comm): Node 24 names
 * its main thread `MainThread`, worker threads by their `name` (the ingestor's producer thread is
 * `kafka-producer`), V8's GC and compiler helpers `V8Worker`; librdkafka's threads are `rdk:main`,
 * `rdk:broker1`, ...; the JVM's are `C2 CompilerThre`, `GC Thread#0`, `kafka-producer-network-thread`, ...
 * Numbered siblings share a group.
 */
export function threadGroup(comm: string): string {
  const name = comm.trim();
  if (name.startsWith("rdk:")) return "librdkafka";
  if (name === "MainThread") return "main";
  if (name === "V8Worker") return "V8 helpers";
  if (name.startsWith("libuv-worker")) return "libuv pool";
  if (/^(C[12] CompilerThre|C[12] Compiler)/.test(name)) return "JIT";
  if (/^(GC Thread|G1 |VM Thread)/.test(name)) return "GC";
  // The Java client's sender thread (`kafka-producer-network-thread | <client.id>`, cut to 15 characters).
  if (name.startsWith("kafka-producer-")) return "java producer I/O";
  return name.replace(/[#\d]+$/, "").trim() || "other";
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

/** CPU ticks per thread group of a process now (empty when /proc has no task list for it). */
function readThreadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const group = threadGroup(comm);
      out.set(group, (out.get(group) ?? 0) + parseStatTicks(stat));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/**
 * Per-group CPU seconds between two thread samples. A thread that ended within the window is missing from
 * the end sample (the process total still counts it).
 */
export function threadDelta(
  start: ReadonlyMap<string, number>,
  end: ReadonlyMap<string, number>,
  ticksPerSecond: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [group, ticks] of end) {
    const used = ticks - (start.get(group) ?? 0);
    if (used > 0) out[group] = used / ticksPerSecond;
  }
  return out;
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
  private readonly startThreads: Map<string, number>;
  private lastThreads: Map<string, number>;

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
    this.startThreads = readThreadTicks(pid);
    this.lastThreads = this.startThreads;
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

  /** Stops sampling and returns the window's figures (a second call returns the same window). */
  stop(): ProcStats {
    if (this.stopped !== undefined) return this.stopped;
    this.sample();
    const threads = readThreadTicks(this.pid);
    if (threads.size > 0) this.lastThreads = threads;
    clearInterval(this.timer);
    const seconds = (performance.now() - this.startedAt) / 1000;
    const ticks = this.lastTicks - this.startTicks;
    this.stopped = {
      peakRssMb: Math.round((this.peakKb / 1024) * 10) / 10,
      cpuPercent: Math.round(cpuPercent(ticks, ticksPerSecond(), seconds)),
      cpuSeconds: ticks / ticksPerSecond(),
      threadCpuSeconds: threadDelta(this.startThreads, this.lastThreads, ticksPerSecond()),
    };
    return this.stopped;
  }

  private stopped: ProcStats | undefined;
}
