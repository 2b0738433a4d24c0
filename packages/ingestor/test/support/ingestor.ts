import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { createTopics } from "./kafka.js";
import { until } from "./load.js";

/** The built service; INGESTOR_MAIN runs the tests against another build (e.g. to see a test fail on the old code). */
/** The Kafka client this run of the integration suite exercises; the service's default when unset. */
export const testClient = process.env["TEST_KAFKA_CLIENT"];

const MAIN = process.env["INGESTOR_MAIN"] ?? fileURLToPath(new URL("../../dist/main.js", import.meta.url));

export interface RunningIngestor {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts the built service (`node dist/main.js`) as its own process, as the Dockerfile does. */
export async function startIngestor(env: Record<string, string>): Promise<RunningIngestor> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env["PATH"] ?? "",
      LOG_LEVEL: "warn",
      SHUTDOWN_DELAY_MS: "100",
      // The local broker is one node: topics have one replica (the development setting, README).
      KAFKA_MIN_ISR_REQUIRED: "1",
      // The suite runs once per client (package.json test:integration).
      ...(testClient === undefined ? {} : { KAFKA_CLIENT: testClient }),
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingestor exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`ingestor did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    logs: () => output,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Waits until /readyz answers 200 (producer connected, topics found). */
export async function waitReady(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${url}/readyz`).catch(() => undefined);
    if (res?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`not ready: ${res ? await res.text() : "no answer"}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function postEvents(
  url: string,
  body: string | Uint8Array,
  headers: Record<string, string> = { "content-type": "application/json" },
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(`${url}/events`, { method: "POST", body, headers });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export interface IngestorOnTopics {
  readonly svc: RunningIngestor;
  readonly topic: string;
  readonly dlq: string;
}

/**
 * Creates a fresh events topic and DLQ topic named after `name` on `brokers`, starts the service writing to
 * them (`env` added over, e.g. another listener's KAFKA_BROKERS) and, unless `ready` is false, waits until
 * /readyz answers 200; a service that never gets ready is stopped before the error is thrown.
 */
export async function startOnNewTopics(
  brokers: string,
  name: string,
  env: Record<string, string> = {},
  { ready = true }: { readonly ready?: boolean } = {},
): Promise<IngestorOnTopics> {
  const [topic = "", dlq = ""] = await createTopics(brokers, name, ["events", "dlq"]);
  const svc = await startIngestor({
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC: topic,
    KAFKA_DLQ_TOPIC: dlq,
    ...env,
  });
  if (ready) {
    try {
      await waitReady(svc.url);
    } catch (err) {
      await svc.stop();
      throw err;
    }
  }
  return { svc, topic, dlq };
}

/**
 * What a service the broker refuses (credentials, certificate) must show: the refusal in its log (`refusal`,
 * so not merely "not connected yet"), then 503 with Retry-After for POST /events, /readyz 503, and the
 * process still running.
 */
export async function expectRefusedByBroker(
  svc: RunningIngestor,
  refusal: RegExp,
  what: string,
): Promise<void> {
  await until(() => refusal.test(svc.logs()), 20_000, what);
  const res = await postEvents(svc.url, JSON.stringify({ type: "refused", id: "never" }));
  expect(res.status).toBe(503);
  expect(res.headers.get("retry-after")).not.toBeNull();
  expect((await fetch(`${svc.url}/readyz`)).status).toBe(503);
  expect(svc.child.exitCode).toBeNull();
}
