// The system under test: the built ingestor, started as `node packages/ingestor/dist/main.js` with the
// environment of its runtime contract.
import { inflightBytesFor, nodeOptionsFor } from "@event-ingestor/ingestor/settings";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { stopChild } from "./child.js";

export interface RunningIngestor {
  readonly pid: number;
  readonly url: string;
  readonly process: ChildProcess;
  /** GET /readyz answers 200. */
  readonly ready: () => Promise<boolean>;
  /** SIGTERM (graceful drain), resolves with the exit code. */
  readonly stop: () => Promise<number | null>;
}

export interface IngestorOptions {
  readonly root: string;
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly dlqTopic: string;
  /** Where its pino JSON log goes (a file: piping it to this process would cost the bench CPU). */
  readonly logFile: string;
  readonly logLevel: string;
  /** KAFKA_CLIENT: which Kafka client the ingestor runs (kafkajs | librdkafka). */
  readonly client: string;
  /** Further contract variables (e.g. MAX_INFLIGHT_BYTES). */
  readonly env?: Readonly<Record<string, string>>;
  /** When set, the ingestor writes a V8 CPU profile (`--cpu-prof`) into this directory on exit. */
  readonly cpuProfileDir?: string;
}

/** The memory limit of the pod the bench imitates; its RSS target (256 MB) is this limit. */
export const POD_MEMORY_LIMIT_BYTES = 256 * 1024 ** 2;
/** The in-flight budget k8s-app gives that pod (the ingestor's `inflightBytesFor`: an eighth, 32 MiB). */
export const POD_MAX_INFLIGHT_BYTES = inflightBytesFor(POD_MEMORY_LIMIT_BYTES);
/**
 * Node options of every HTTP server the bench measures (the ingestor and the bare-Hono ceiling): those k8s-app
 * sets for a 256 MiB limit (the ingestor's `nodeOptionsFor`: 153 MiB old generation, less 64 MiB for kafkajs'
 * producer thread; 16 MiB semi-spaces). Without a heap bound V8 collects lazily on a 24 GB machine: RSS then
 * measures uncollected garbage, and the rare full collections of a large heap show up as latency. Too tight a
 * bound costs CPU instead: librdkafka at 96 MiB spent 3x the CPU per event in the garbage collector.
 */
export const SERVER_NODE_OPTIONS = nodeOptionsFor(POD_MEMORY_LIMIT_BYTES, false);

/** The heap bounds of the ingestor for a client: kafkajs' producer thread has a heap of its own. */
export function ingestorNodeOptions(client: string): string {
  return nodeOptionsFor(POD_MEMORY_LIMIT_BYTES, client === "kafkajs");
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });
}

/** The built ingestor; BENCH_INGESTOR_MAIN measures another build (e.g. an older commit, for before/after). */
export function ingestorEntry(root: string): string {
  return process.env["BENCH_INGESTOR_MAIN"] ?? join(root, "packages/ingestor/dist/main.js");
}

async function isReady(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

/** Starts the ingestor and waits until /readyz says it is ready (producer connected, topics found). */
export async function startIngestor(
  options: IngestorOptions,
  readyTimeoutMs = 60_000,
): Promise<RunningIngestor> {
  const entry = ingestorEntry(options.root);
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: build the ingestor first (pnpm bench builds it)`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = openSync(options.logFile, "a");
  const profile =
    options.cpuProfileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`];
  const child = spawn(process.execPath, [...profile, entry], {
    cwd: options.root,
    stdio: ["ignore", log, log],
    env: {
      PATH: process.env["PATH"] ?? "",
      NODE_ENV: "production",
      NODE_OPTIONS: ingestorNodeOptions(options.client),
      MAX_INFLIGHT_BYTES: String(POD_MAX_INFLIGHT_BYTES),
      KAFKA_BROKERS: options.brokers.join(","),
      KAFKA_TOPIC: options.topic,
      KAFKA_DLQ_TOPIC: options.dlqTopic,
      KAFKA_CLIENT_ID: "event-ingestor-bench",
      KAFKA_CLIENT: options.client,
      // The bench's broker is a single node (replication factor 1): the production default (2) would keep
      // the ingestor from ever becoming ready.
      KAFKA_MIN_ISR_REQUIRED: "1",
      PORT: String(port),
      LOG_LEVEL: options.logLevel,
      // Between scenarios there is no traffic to drain; the bench waits for in-flight requests itself.
      SHUTDOWN_DELAY_MS: "0",
      SHUTDOWN_TIMEOUT_MS: "10000",
      ...extraEnv(process.env["BENCH_INGESTOR_ENV"]),
      ...options.env,
    },
  });
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error("the ingestor did not start");
  const deadline = Date.now() + readyTimeoutMs;
  while (!(await isReady(url))) {
    if (child.exitCode !== null) {
      throw new Error(`the ingestor exited with ${child.exitCode} during start-up; log: ${options.logFile}`);
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the ingestor was not ready within ${readyTimeoutMs} ms; log: ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { pid, url, process: child, ready: () => isReady(url), stop: () => stopChild(child, 15_000) };
}

/** The native librdkafka binding's file, as it appears in /proc/<pid>/maps once loaded. */
export const LIBRDKAFKA_BINDING = "confluent-kafka-javascript.node";

/**
 * Whether a process has the librdkafka binding mapped (read from /proc/<pid>/maps): says which client an
 * ingestor really runs, whatever KAFKA_CLIENT asked for. undefined where /proc cannot tell.
 */
export function nativeClientLoaded(pid: number): boolean | undefined {
  try {
    return readFileSync(`/proc/${pid}/maps`, "utf8").includes(LIBRDKAFKA_BINDING);
  } catch {
    return undefined;
  }
}

/** `BENCH_INGESTOR_ENV="KAFKA_LINGER_MS=0;KAFKA_IDEMPOTENT=false"`: extra ingestor settings to compare. */
export function extraEnv(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (spec ?? "").split(";").map((p) => p.trim())) {
    const eq = pair.indexOf("=");
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}
