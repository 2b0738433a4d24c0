// `pnpm bench`: the end-to-end benchmark. Starts (or reuses) the bench's local broker, runs every scenario
// (per Kafka client) and every ceiling in the same session on the same machine, checks Kafka offsets,
// writes results/latest.*.
//
// Settings (environment): BENCH_WARMUP_S [3], BENCH_DURATION_S [12], BENCH_ONLY (comma-separated run ids
// or prefixes, e.g. "H_node,S1,K_java"), BENCH_CLIENTS [kafkajs] (the ingestor's KAFKA_CLIENT values to run
// the scenarios with, e.g. "kafkajs,librdkafka"), BENCH_KAFKA_PORT [19092], BENCH_INGESTOR_LOG_LEVEL [warn],
// BENCH_K_CONCURRENCY [4], BENCH_K_IDEMPOTENT [false], BENCH_KEEP_KAFKA=1 (leave a broker this run started
// running), BENCH_CPU_PROF=1 (each ingestor run writes a V8 CPU profile next to its log), KAFKA_BROKERS.
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem, type, release, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chartGroups, renderChart } from "./chart.js";
import { isKafkaClientName, KAFKA_CLIENTS, UNAVAILABLE } from "./ceilings/kafka-clients.js";
import { httpCeilingId, httpFloorId, K_JAVA, kClientId, scenarioId, wantedBy } from "./ids.js";
import { runJavaCeiling } from "./java-ceiling.js";
import { nodeMismatch } from "./node-version.js";
import { startBroker, Topics } from "./kafka.js";
import { renderMarkdown, type BenchResults } from "./markdown.js";
import { runOverload } from "./overload.js";
import { asCpuProfile, summarise, summaryMarkdown, threadOf } from "./profile.js";
import {
  checkTargets,
  computeRatios,
  isLossless,
  sanityChecks,
  type Measurement,
  type OverloadMeasurement,
  type TargetCheck,
} from "./report.js";
import { runHttpCeiling, runIngestor, runKafkaClientCeiling, type RunContext } from "./runs.js";
import { scenarioRecordBytes, workloads, type ScenarioId } from "./scenarios.js";
import { round } from "./stats.js";

const CONNECTIONS = 64;
/** The ingestor's defaults (contract): linger, records and bytes per batch. */
const LINGER_MS = 5;
const BATCH_RECORDS = 500;
const BATCH_BYTES = 921_600;

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got '${raw ?? ""}'`);
  return value;
}

function envList(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
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

/** The version of `pkg` a workspace package resolves (through pnpm's symlinks), or "missing". */
function resolvedVersion(root: string, workspacePackage: string, pkg: string): string {
  try {
    const file = realpathSync(join(root, "packages", workspacePackage, "node_modules", pkg, "package.json"));
    const { version } = JSON.parse(readFileSync(file, "utf8")) as { version?: string };
    return version ?? "unknown";
  } catch {
    return "missing";
  }
}

async function main(): Promise<void> {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const mismatch = nodeMismatch(readFileSync(join(root, ".node-version"), "utf8"), process.version);
  if (mismatch !== undefined) throw new Error(mismatch);
  const resultsDir = fileURLToPath(new URL("../results/", import.meta.url));
  const runId = Date.now().toString(36);
  const logDir = join(tmpdir(), `event-ingestor-bench-${runId}`);
  mkdirSync(logDir, { recursive: true });
  mkdirSync(resultsDir, { recursive: true });
  const selectors = envList("BENCH_ONLY", "");
  const wanted = wantedBy(selectors);
  const clients = envList("BENCH_CLIENTS", "kafkajs");
  const unknown = clients.filter((c) => !isKafkaClientName(c));
  if (clients.length === 0 || unknown.length > 0)
    throw new Error(
      `BENCH_CLIENTS: unknown client(s) '${unknown.join(",")}'; known: ${Object.keys(KAFKA_CLIENTS).join(", ")}`,
    );
  const config = {
    warmupSeconds: envNumber("BENCH_WARMUP_S", 3),
    durationSeconds: envNumber("BENCH_DURATION_S", 12),
    connections: CONNECTIONS,
    clients: clients.join(","),
    ingestorLogLevel: process.env["BENCH_INGESTOR_LOG_LEVEL"] ?? "warn",
    partitions: 3,
    kBatchRecords: BATCH_RECORDS,
    kConcurrency: envNumber("BENCH_K_CONCURRENCY", 4),
    // As the ingestor's default kafkajs producer (KAFKA_IDEMPOTENT=false): K_client measures what it runs.
    kIdempotent: process.env["BENCH_K_IDEMPOTENT"] === "true",
    lingerMs: LINGER_MS,
    batchBytes: BATCH_BYTES,
    recordBytes: scenarioRecordBytes(),
    overloadConnections: CONNECTIONS * 10,
    overloadEventsPerRequest: 1000,
    overloadPauseSeconds: 12,
  };

  const loadBefore = loadavg()[0] ?? 0;
  progress(
    `run ${runId}; logs in ${logDir}; load average ${loadBefore.toFixed(2)}; clients ${config.clients}`,
  );
  const broker = startBroker(root, envNumber("BENCH_KAFKA_PORT", 19092));
  const onSignal = () => {
    broker.resume?.();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const ctx: RunContext = {
    root,
    runId,
    broker,
    topics: Topics.forBrokers(broker.brokers, (attempt, error) => {
      progress(
        `topic set-up: try ${attempt} failed (${error instanceof Error ? error.message : String(error)}); retrying`,
      );
    }),
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
  const skipped: Record<string, string> = {};
  const failed: string[] = [];
  /** Which client each ingestor run really ran (from /proc maps), per KAFKA_CLIENT asked for. */
  const clientRuns: Record<string, { id: string; seen: string | undefined }[]> = {};
  /**
   * Runs one measurement if BENCH_ONLY wants it. A run that fails is reported and the bench goes on, so
   * one bad run never costs the others; a client this machine cannot load is reported as skipped.
   */
  const run = async (id: string, fn: () => Promise<Measurement>): Promise<Measurement | undefined> => {
    if (!wanted(id)) return undefined;
    try {
      const m = await fn();
      rows[m.id] = m;
      progress(
        `${m.id}: ${m.eventsPerSec} events/s, p99 ${m.p99Ms ?? "–"} ms, ${m.cpuUsPerEvent ?? "–"} µs CPU/event, peak RSS ${m.peakRssMb} MB`,
      );
      return m;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (message.includes(UNAVAILABLE)) {
        skipped[id] = message;
        progress(`${id}: skipped (${message})`);
      } else {
        skipped[id] = `failed: ${message}`;
        failed.push(id);
        progress(`${id}: FAILED: ${err instanceof Error ? (err.stack ?? message) : message}`);
      }
      return undefined;
    }
  };
  const scenario = (
    s: ScenarioId,
    client: string,
    extra: { id?: string; title?: string; rate?: number } = {},
  ) =>
    run(extra.id ?? scenarioId(s, client), async () => {
      const id = extra.id ?? scenarioId(s, client);
      const { measurement, clientSeen } = await runIngestor(ctx, {
        id,
        title: extra.title ?? w[s].title,
        client,
        workload: w[s],
        connections: extra.rate === undefined ? CONNECTIONS : Math.min(CONNECTIONS, extra.rate),
        ...(extra.rate === undefined ? {} : { overallRate: extra.rate }),
      });
      (clientRuns[client] ??= []).push({ id, seen: clientSeen });
      return measurement;
    });
  const kOptions = {
    batchRecords: config.kBatchRecords,
    concurrency: config.kConcurrency,
    idempotent: config.kIdempotent,
    lingerMs: config.lingerMs,
    batchBytes: config.batchBytes,
  };
  let overload: OverloadMeasurement | null = null;
  try {
    // Each scenario next to its ceilings, so slow drift of the machine affects them alike.
    for (const s of ["S1", "S4"] as const) {
      await run(httpCeilingId("H_node", s), () =>
        runHttpCeiling(ctx, "H_node", httpCeilingId("H_node", s), w[s], CONNECTIONS),
      );
      await run(httpCeilingId("H_hono", s), () =>
        runHttpCeiling(ctx, "H_hono", httpCeilingId("H_hono", s), w[s], CONNECTIONS),
      );
      for (const c of clients) await scenario(s, c);
    }
    await run(K_JAVA, () =>
      runJavaCeiling(ctx, {
        recordBytes: config.recordBytes,
        lingerMs: config.lingerMs,
        batchBytes: config.batchBytes,
      }),
    );
    // Every client the ingestor can run, whichever the scenarios use.
    for (const c of Object.keys(KAFKA_CLIENTS)) {
      if (!isKafkaClientName(c)) continue;
      await run(kClientId(c), () => runKafkaClientCeiling(ctx, kClientId(c), c, kOptions));
    }
    for (const s of ["S2", "S3"] as const) for (const c of clients) await scenario(s, c);
    for (const c of clients) {
      const s1 = rows[scenarioId("S1", c)];
      if (s1 === undefined) continue;
      const rate = Math.max(1, Math.round(s1.requestsPerSec / 2));
      await scenario("S1", c, {
        id: scenarioId("S1@50%", c),
        title: `${w.S1.title} at ${rate} req/s (half of S1[${c}])`,
        rate,
      });
      // The same paced load on bare node:http: the latency floor of this machine at that rate.
      await run(httpFloorId(c), () =>
        runHttpCeiling(ctx, "H_node", httpFloorId(c), w.S1, Math.min(CONNECTIONS, rate), rate),
      );
    }
    const first = clients[0] ?? "kafkajs";
    if (wanted("overload")) {
      try {
        overload = await runOverload(ctx, {
          client: first,
          connections: config.overloadConnections,
          eventsPerRequest: config.overloadEventsPerRequest,
          pauseSeconds: config.overloadPauseSeconds,
          recoverySeconds: 15,
          recoveryConnections: CONNECTIONS,
        });
      } catch (err) {
        skipped["overload"] = `failed: ${err instanceof Error ? err.message : String(err)}`;
        failed.push("overload");
        progress(`overload: FAILED: ${skipped["overload"]}`);
      }
    }
  } finally {
    broker.release();
  }

  const ratios = computeRatios(rows, clients);
  const honoBench = resolvedVersion(root, "bench", "@hono/node-server");
  const honoIngestor = resolvedVersion(root, "ingestor", "@hono/node-server");
  const runChecks: TargetCheck[] = [
    {
      name: "H_hono runs the ingestor's @hono/node-server",
      target: "bench = ingestor",
      value: `${honoBench} = ${honoIngestor}`,
      met: honoBench === honoIngestor && honoBench !== "missing",
    },
    ...Object.entries(clientRuns).map(([client, list]): TargetCheck => {
      const wrong = list.filter((r) => r.seen !== undefined && r.seen !== client);
      return {
        name: `ingestor runs with KAFKA_CLIENT=${client} ran ${client}`,
        target: "librdkafka binding mapped iff librdkafka",
        value:
          wrong.length === 0
            ? `${list.length} of ${list.length}`
            : wrong.map((r) => `${r.id} ran ${r.seen ?? "?"}`).join(", "),
        met: list.every((r) => r.seen === undefined) ? null : wrong.length === 0,
      };
    }),
  ];
  const sanity = [...sanityChecks(rows, clients), ...runChecks];
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
    clients,
    scenarios: rows,
    ratios,
    lossless: isLossless(rows, overload),
    targets: checkTargets(rows, ratios, overload, clients),
    sanity,
    skipped,
    overload,
  };
  const markdown = renderMarkdown(results);
  // A partial run (BENCH_ONLY) never overwrites the recorded full run: it writes next to its logs.
  const outDir = selectors.length === 0 ? resultsDir : logDir;
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, "latest.md"), markdown);
  writeFileSync(
    join(outDir, "latest.svg"),
    renderChart(
      chartGroups(rows, clients),
      `Event Ingestor, ${results.date.slice(0, 10)}, ${cpu.length} cores, Node ${process.version}`,
    ),
  );
  if (ctx.cpuProfileDir !== undefined) writeProfileSummaries(ctx.cpuProfileDir, join(outDir, "profile.md"));
  process.stdout.write(`\n${markdown}\n`);
  const insane = sanity.filter((c) => c.met === false);
  if (insane.length > 0)
    progress(
      `SANITY CHECKS FAILED (the ratios against these ceilings say nothing): ${insane.map((c) => c.name).join("; ")}`,
    );
  progress(`results in ${outDir} (latest.json, latest.md, latest.svg)`);
  if (failed.length > 0) {
    progress(`runs that failed: ${failed.join(", ")} (see above); the others were measured`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
