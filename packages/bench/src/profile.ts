// Where the ingestor's CPU goes: self time of a V8 CPU profile (`node --cpu-prof`) by package and by
// function. `BENCH_CPU_PROF=1 pnpm bench` writes one profile per ingestor run and this summary of each.

import { isRecord } from "./guards.js";

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

/** The parts of a `.cpuprofile` the summary reads. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

function isNumbers(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((x) => typeof x === "number");
}

function isNode(v: unknown): v is ProfileNode {
  if (!isRecord(v) || typeof v["id"] !== "number" || !isRecord(v["callFrame"])) return false;
  const cf = v["callFrame"];
  return (
    typeof cf["functionName"] === "string" &&
    typeof cf["url"] === "string" &&
    typeof cf["lineNumber"] === "number"
  );
}

/** Validates parsed JSON as a CPU profile. */
export function asCpuProfile(v: unknown): CpuProfile {
  if (isRecord(v) && Array.isArray(v["nodes"]) && v["nodes"].every(isNode)) {
    const nodes = v["nodes"];
    const samples = v["samples"];
    const timeDeltas = v["timeDeltas"];
    if (isNumbers(samples) && isNumbers(timeDeltas)) return { nodes, samples, timeDeltas };
  }
  throw new Error("not a V8 CPU profile");
}

/** A script URL as the package (name@version), the ingestor's own file, a Node built-in or the VM. */
export function moduleOf(url: string): string {
  if (url === "") return "(vm: gc, idle, native)";
  const pkg = /node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  const own = /packages\/([^/]+)\/dist\/(.+)$/.exec(url);
  if (own?.[1] !== undefined && own[2] !== undefined) return `${own[1]}: ${own[2]}`;
  if (url.startsWith("node:")) return url.replace(/^node:internal\/deps\//, "node:");
  return url.slice(-60);
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly byModule: readonly { readonly name: string; readonly percent: number }[];
  readonly byFunction: readonly { readonly name: string; readonly where: string; readonly percent: number }[];
}

/** Self time per module and per function, largest first. */
export function summarise(profile: CpuProfile, top = 15): ProfileSummary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const modules = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; us: number }>();
  for (const [id, us] of self) {
    const cf = frames.get(id);
    if (cf === undefined) continue;
    const module = moduleOf(cf.url);
    modules.set(module, (modules.get(module) ?? 0) + us);
    const name = cf.functionName === "" ? "(anonymous)" : cf.functionName;
    const where = cf.url === "" ? module : `${module}:${cf.lineNumber + 1}`;
    const key = `${name} ${where}`;
    const f = functions.get(key) ?? { name, where, us: 0 };
    functions.set(key, { ...f, us: f.us + us });
  }
  const pct = (us: number) => (total === 0 ? 0 : Math.round((us / total) * 1000) / 10);
  return {
    totalMs: Math.round(total / 1000),
    byModule: [...modules]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: pct(us) })),
    byFunction: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, percent: pct(f.us) })),
  };
}

/**
 * Which thread a `--cpu-prof` file belongs to: Node names them CPU.<date>.<time>.<pid>.<threadId>.<seq>,
 * thread 0 being the main (HTTP) thread and worker threads counting up from 1 (the Kafka producer).
 */
export function threadOf(file: string): string {
  const id = /\.(\d+)\.\d+\.cpuprofile$/.exec(file)?.[1];
  if (id === undefined) return "unknown thread";
  return id === "0" ? "HTTP thread" : `worker thread ${id} (Kafka producer)`;
}

/** The summary as Markdown, headed by the run it profiles. */
export function summaryMarkdown(run: string, s: ProfileSummary): string {
  return [
    `### ${run}: ${s.totalMs} ms of samples`,
    "",
    "| Self time | Package / file |",
    "| ---: | --- |",
    ...s.byModule.map((m) => `| ${m.percent}% | ${m.name} |`),
    "",
    "| Self time | Function | Where |",
    "| ---: | --- | --- |",
    ...s.byFunction.map((f) => `| ${f.percent}% | ${f.name} | ${f.where} |`),
    "",
  ].join("\n");
}
