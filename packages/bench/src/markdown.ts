// The results as Markdown: printed at the end of `pnpm bench` and written to results/latest.md.
import type { Measurement, OverloadMeasurement, TargetCheck } from "./report.js";

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly kafka: string;
  /** 1-minute load average before and after the run: other work on the machine skews every number. */
  readonly loadAverage: { readonly before: number; readonly after: number };
}

/** Everything one `pnpm bench` run measured: the shape of results/latest.json. */
export interface BenchResults {
  readonly date: string;
  readonly machine: Machine;
  readonly config: Readonly<Record<string, string | number | boolean>>;
  readonly scenarios: Readonly<Record<string, Measurement>>;
  /** The Kafka clients the scenarios ran with (KAFKA_CLIENT values), in run order. */
  readonly clients: readonly string[];
  readonly ratios: Readonly<Record<string, number | null>>;
  readonly lossless: boolean;
  readonly targets: readonly TargetCheck[];
  /** Is each ceiling a ceiling (report.ts sanityChecks), and did each run measure what it says. */
  readonly sanity: readonly TargetCheck[];
  /** Runs that could not run here, with the reason (e.g. a client that does not load). */
  readonly skipped: Readonly<Record<string, string>>;
  readonly overload: OverloadMeasurement | null;
}

const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined ? "–" : n.toLocaleString("en-US");
const yesNo = (b: boolean | null): string => (b === null ? "–" : b ? "yes" : "**NO**");
const mark = (met: boolean | null): string => (met === null ? "not measured" : met ? "met" : "**missed**");
const sane = (ok: boolean | null): string => (ok === null ? "not measured" : ok ? "ok" : "**FAILED**");

/** How busy the ingestor's HTTP thread and Kafka producer thread were ("–" where not measured). */
function loopBusy(busy: Readonly<Record<string, number>> | undefined): string {
  if (busy === undefined) return "–";
  const http = busy["http"];
  const kafka = busy["kafka-producer"];
  return `${http === undefined ? "–" : String(http)} / ${kafka === undefined ? "–" : String(kafka)}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function scenarioTable(rows: readonly Measurement[]): string[] {
  const header = [
    "Run",
    "What",
    "Conc.",
    "Events/s",
    "Req/s",
    "p50 ms",
    "p99 ms",
    "Peak RSS MB",
    "CPU %",
    "CPU µs/event",
    "Load gen CPU %",
    "Broker CPU %",
    "Loop busy % HTTP / Kafka",
    "Accepted",
    "In Kafka",
    "Lossless",
  ];
  return [
    row(header),
    row(header.map((_, i) => (i < 2 ? "---" : "---:"))),
    ...rows.map((r) =>
      row([
        r.id,
        r.title,
        String(r.concurrency),
        fmt(r.eventsPerSec),
        fmt(r.requestsPerSec),
        fmt(r.p50Ms),
        fmt(r.p99Ms),
        String(r.peakRssMb),
        String(r.cpuPercent),
        fmt(r.cpuUsPerEvent),
        fmt(r.loaderCpuPercent),
        fmt(r.brokerCpuPercent),
        loopBusy(r.loopBusyPercent),
        fmt(r.acceptedEvents),
        fmt(r.recordsInKafka),
        yesNo(r.lossless),
      ]),
    ),
  ];
}

/** CPU µs per event by thread group, for every run that has them. */
function threadTable(rows: readonly Measurement[]): string[] {
  const withThreads = rows.filter((r) => r.threadCpuUsPerEvent !== undefined);
  if (withThreads.length === 0) return [];
  return [
    "",
    "CPU µs per event by thread (process CPU time in the measured phase / its events; `main` is the HTTP",
    "thread, `kafka-producer` the ingestor's producer thread, `V8 helpers` V8's GC and compiler threads):",
    "",
    row(["Run", "Total", "By thread"]),
    row(["---", "---:", "---"]),
    ...withThreads.map((r) =>
      row([
        r.id,
        fmt(r.cpuUsPerEvent),
        Object.entries(r.threadCpuUsPerEvent ?? {})
          .map(([name, us]) => `${name} ${us}`)
          .join(", "),
      ]),
    ),
  ];
}

function ratioTable(ratios: Readonly<Record<string, number | null>>): string[] {
  const entries = Object.entries(ratios).filter(([, v]) => v !== null);
  if (entries.length === 0) return [];
  return [
    "",
    row(["Ratio (events/s)", "Value"]),
    row(["---", "---:"]),
    ...entries.map(([name, v]) => row([name, v === null ? "–" : v.toFixed(2)])),
  ];
}

function overloadSection(o: OverloadMeasurement): string[] {
  const counts = (c: Readonly<Record<string, number>>) =>
    Object.entries(c)
      .map(([s, n]) => `${s}: ${fmt(n)}`)
      .join(", ");
  const seconds = (v: number | null) => (v === null ? "never" : `${v} s`);
  return [
    "",
    `### Overload: ${o.connections} connections, ${o.eventsPerRequest} events/request, broker paused ${o.pausedSeconds} s`,
    "",
    `- while paused: ${counts(o.statusCounts)}; p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms; 503 without Retry-After: ${o.unavailableWithoutRetryAfter}`,
    `- peak RSS ${o.peakRssMb} MB (limit ${o.rssLimitMb} MB, the pod's memory limit; MAX_INFLIGHT_BYTES ${o.maxInflightBytes / 1048576} MiB)`,
    `- after resume: ready in ${seconds(o.readySecondsAfterResume)}, first 2xx in ${seconds(o.firstOkSecondsAfterResume)}; S1 traffic got ${counts(o.recoveryStatusCounts)}`,
    `- accepted ${fmt(o.acceptedEvents)}, in Kafka ${fmt(o.recordsInKafka)} (${fmt(o.unacknowledgedRecords)} written for requests answered 503)`,
    `- result: ${o.passed ? "pass" : "**fail**"}`,
  ];
}

/** The whole report. */
export function renderMarkdown(results: BenchResults): string {
  const m = results.machine;
  const rows = Object.values(results.scenarios);
  return [
    `## Benchmark ${results.date}`,
    "",
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, ${m.os}; Node ${m.node}; Apache Kafka ${m.kafka}; load average ${m.loadAverage.before} before, ${m.loadAverage.after} after.`,
    `Load: ${String(results.config["warmupSeconds"])} s warm-up + ${String(results.config["durationSeconds"])} s measured per run; ingestor, load generator, ceilings and broker share the machine. Ingestor runs per KAFKA_CLIENT: ${results.clients.join(", ")}.`,
    "",
    ...scenarioTable(rows),
    "",
    ...threadTable(rows),
    ...ratioTable(results.ratios),
    "",
    row(["Target", "Goal", "This run", "Status"]),
    row(["---", "---", "---:", "---"]),
    ...results.targets.map((t) => row([t.name, t.target, t.value, mark(t.met)])),
    "",
    row(["Sanity check", "Compares", "This run", "Status"]),
    row(["---", "---", "---:", "---"]),
    ...results.sanity.map((t) => row([t.name, t.target, t.value, sane(t.met)])),
    ...Object.entries(results.skipped).map(([id, why]) => `\n- skipped ${id}: ${why}`),
    ...(results.overload === null ? [] : overloadSection(results.overload)),
    "",
  ].join("\n");
}
