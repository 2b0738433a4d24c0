// `pnpm bench`: the end-to-end benchmark. Starts (or reuses) the bench's local broker, runs every scenario
// and ceiling in the same session on the same machine, checks Kafka offsets, writes results/latest.*.
//
// Settings (environment): BENCH_WARMUP_S [3], BENCH_DURATION_S [12], BENCH_ONLY (comma-separated run ids,
// e.g. "H(S1),S1"), BENCH_KAFKA_PORT [19092], BENCH_INGESTOR_LOG_LEVEL [warn], BENCH_K_CONCURRENCY [4],
// BENCH_K_IDEMPOTENT [false], BENCH_KEEP_KAFKA=1 (leave a broker this run started running), BENCH_CPU_PROF=1
// (each ingestor run writes a V8 CPU profile next to its log), KAFKA_BROKERS.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type, release, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderChart } from "./chart.js";
import { connectAdmin, startBroker } from "./kafka.js";
import { renderMarkdown, type BenchResults } from "./markdown.js";
import { runOverload } from "./overload.js";
import { asCpuProfile, summarise, summaryMarkdown, threadOf } from "./profile.js";
import {
  checkTargets,
  computeRatios,
  isLossless,
  type Measurement,
  type OverloadMeasurement,
} from "./report.js";
import { runHttpCeiling, runIngestor, runKafkaCeiling, type RunContext } from "./runs.js";
import { workloads } from "./scenarios.js";
import { round } from "./stats.js";

const CONNECTIONS = 64;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got '${raw ?? ""}'`);
  return value;
}

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Summarises every CPU profile under `dir` (one folder per run) into one Markdown file. */
function writeProfileSummaries(dir: string, out: string): void {
  if (!existsSync(dir)) return;
  const sections = readdirSync(dir).flatMap((run) =>
    readdirSync(join(dir, run))
      .filter((f) => f.endsWith(".cpuprofile"))
      .map((f) => {
        const profile = asCpuProfile(JSON.parse(readFileSync(join(dir, run, f), "utf8")));
        progress(`CPU profile of ${run}: ${join(dir, run, f)}`);
        return summaryMarkdown(`${run}, ${threadOf(f)}`, summarise(profile));
      }),
  );
  writeFileSync(out, ["## Ingestor CPU profiles (self time)", "", ...sections].join("\n"));
  progress(`CPU profile summaries in ${out}`);
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
  const runId = Date.now().toString(36);
  const logDir = join(tmpdir(), `event-ingestor-bench-${runId}`);
  mkdirSync(logDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const only = new Set(
    (process.env["BENCH_ONLY"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const wanted = (id: string) => only.size === 0 || only.has(id);
  const config = {
    warmupSeconds: envNumber("BENCH_WARMUP_S", 3),
    durationSeconds: envNumber("BENCH_DURATION_S", 12),
    connections: CONNECTIONS,
    ingestorLogLevel: process.env["BENCH_INGESTOR_LOG_LEVEL"] ?? "warn",
    partitions: 3,
    kBatchRecords: 500,
    kConcurrency: envNumber("BENCH_K_CONCURRENCY", 4),
    // As the ingestor's default producer (KAFKA_IDEMPOTENT=false): K measures the client the service runs.
    kIdempotent: process.env["BENCH_K_IDEMPOTENT"] === "true",
    overloadConnections: CONNECTIONS * 10,
    overloadEventsPerRequest: 1000,
    overloadPauseSeconds: 12,
  };

  const loadBefore = loadavg()[0] ?? 0;
  progress(`run ${runId}; logs in ${logDir}; load average ${loadBefore.toFixed(2)}`);
  const broker = startBroker(root, envNumber("BENCH_KAFKA_PORT", 19092));
  const onSignal = () => {
    broker.resume?.();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const admin = await connectAdmin(broker.brokers);
  const ctx: RunContext = {
    root,
    runId,
    broker,
    admin,
    logDir,
    warmupSeconds: config.warmupSeconds,
    durationSeconds: config.durationSeconds,
    partitions: config.partitions,
    ingestorLogLevel: config.ingestorLogLevel,
    cpuProfileDir: process.env["BENCH_CPU_PROF"] === "1" ? join(logDir, "cpu-profiles") : undefined,
    progress,
  };
  const w = workloads();
  const rows: Record<string, Measurement> = {};
  const record = (m: Measurement) => {
    rows[m.id] = m;
    progress(`${m.id}: ${m.eventsPerSec} events/s, p99 ${m.p99Ms} ms, peak RSS ${m.peakRssMb} MB`);
  };
  let overload: OverloadMeasurement | null = null;
  try {
    // Each scenario next to its ceiling, so slow drift of the machine affects both alike.
    if (wanted("H(S1)")) record(await runHttpCeiling(ctx, "H(S1)", w.S1, CONNECTIONS));
    if (wanted("S1"))
      record(
        await runIngestor(ctx, { id: "S1", title: w.S1.title, workload: w.S1, connections: CONNECTIONS }),
      );
    if (wanted("H(S4)")) record(await runHttpCeiling(ctx, "H(S4)", w.S4, CONNECTIONS));
    if (wanted("S4"))
      record(
        await runIngestor(ctx, { id: "S4", title: w.S4.title, workload: w.S4, connections: CONNECTIONS }),
      );
    if (wanted("K")) {
      record(
        await runKafkaCeiling(ctx, {
          batchRecords: config.kBatchRecords,
          concurrency: config.kConcurrency,
          idempotent: config.kIdempotent,
        }),
      );
    }
    if (wanted("S2"))
      record(
        await runIngestor(ctx, { id: "S2", title: w.S2.title, workload: w.S2, connections: CONNECTIONS }),
      );
    if (wanted("S3"))
      record(
        await runIngestor(ctx, { id: "S3", title: w.S3.title, workload: w.S3, connections: CONNECTIONS }),
      );
    const s1 = rows["S1"];
    if (wanted("S1@50%") && s1 !== undefined) {
      const rate = Math.max(1, Math.round(s1.requestsPerSec / 2));
      record(
        await runIngestor(ctx, {
          id: "S1@50%",
          title: `${w.S1.title} at ${rate} req/s (half of S1)`,
          workload: w.S1,
          connections: Math.min(CONNECTIONS, rate),
          overallRate: rate,
        }),
      );
      // The same paced load on the bare HTTP handler: the latency floor of this machine for that rate.
      if (wanted("H(S1)@50%"))
        record(await runHttpCeiling(ctx, "H(S1)@50%", w.S1, Math.min(CONNECTIONS, rate), rate));
    }
    if (wanted("overload")) {
      overload = await runOverload(ctx, {
        connections: config.overloadConnections,
        eventsPerRequest: config.overloadEventsPerRequest,
        pauseSeconds: config.overloadPauseSeconds,
        recoverySeconds: 15,
        recoveryConnections: CONNECTIONS,
      });
    }
  } finally {
    await admin.disconnect();
    broker.release();
  }

  const ratios = computeRatios(rows);
  const cpu = cpus();
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cores: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? "unknown",
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      os: `${type()} ${release()}`,
      node: process.version,
      kafka: broker.version,
      loadAverage: { before: round(loadBefore, 2), after: round(loadavg()[0] ?? 0, 2) },
    },
    config,
    scenarios: rows,
    ratios,
    lossless: isLossless(rows, overload),
    targets: checkTargets(rows, ratios, overload),
    overload,
  };
  const markdown = renderMarkdown(results);
  // A partial run (BENCH_ONLY) never overwrites the recorded full run: it writes next to its logs.
  const outDir = only.size === 0 ? resultsDir : logDir;
  const pairs = (
    [
      ["S1", "H(S1)", "H"],
      ["S4", "H(S4)", "H"],
      ["S2", "K", "K"],
      ["S3", "K", "K"],
    ] as const
  ).flatMap(([s, c, label]) => {
    const a = rows[s];
    const b = rows[c];
    return a === undefined || b === undefined
      ? []
      : [{ label: s, value: a.eventsPerSec, ceilingLabel: label, ceilingValue: b.eventsPerSec }];
  });
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, "latest.md"), markdown);
  writeFileSync(
    join(outDir, "latest.svg"),
    renderChart(
      pairs,
      `Event Ingestor, ${results.date.slice(0, 10)}, ${cpu.length} cores, Node ${process.version}`,
    ),
  );
  if (ctx.cpuProfileDir !== undefined) writeProfileSummaries(ctx.cpuProfileDir, join(outDir, "profile.md"));
  process.stdout.write(`\n${markdown}\n`);
  progress(`results in ${outDir} (latest.json, latest.md, latest.svg)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
