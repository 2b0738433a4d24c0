// Open-loop load at a fixed arrival rate, for latency at a sustainable load (S1@50%).
//
// autocannon's `overallRate` is not that: each connection sends its per-second budget back to back and then
// waits for the next second, so the server sees full-speed bursts and the "half load" p99 is the full-load
// p99. Its coordinated-omission correction also assumes a 1 ms interval (1/rate in seconds, rounded up),
// which piles synthetic samples onto every slow response. Here a request is due every 1/rate seconds, its
// latency counts from when it was due (a server that falls behind is charged for the wait, as in wrk2), and
// the phase ends by letting the requests in flight finish, so every event sent has a known answer.
// Requests go over raw keep-alive sockets with a prebuilt request, like autocannon's own client: Node's
// http client costs enough CPU here that the generator's own lag showed up as server latency.
import { connect, type Socket } from "node:net";
import { PhaseCounter } from "./load-counter.js";
import { percentiles, round } from "./stats.js";
import type { LoadSpec, PhaseResult } from "./types.js";

/** How many requests are due `elapsedMs` into a phase at `rate` requests per second. */
export function dueBy(elapsedMs: number, rate: number): number {
  return Math.max(0, Math.floor((elapsedMs * rate) / 1000));
}

/** When the `n`-th request (from 0) of a phase that started at `startedAt` is due, same clock. */
export function dueAt(startedAt: number, n: number, rate: number): number {
  return startedAt + (n * 1000) / rate;
}

export function latencySummary(latencies: readonly number[]): PhaseResult["latencyMs"] {
  const [p50 = 0, p90 = 0, p99 = 0, max = 0] = percentiles(latencies, [50, 90, 99, 100]);
  return { p50: round(p50, 1), p90: round(p90, 1), p99: round(p99, 1), max: round(max, 1) };
}

/** One HTTP/1.1 response read off a keep-alive socket; the ingestor always sends Content-Length. */
export interface ParsedResponse {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: boolean;
  readonly close: boolean;
  /** Bytes of the buffer this response used. */
  readonly length: number;
}

const HEAD_END = Buffer.from("\r\n\r\n");

/** The first complete response in `buf`, undefined while incomplete; throws on what it cannot frame. */
export function parseResponse(buf: Buffer): ParsedResponse | undefined {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return undefined;
  const head = buf.toString("latin1", 0, end);
  const status = Number(head.slice(9, 12));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  if (!head.startsWith("HTTP/1.1 ") || !Number.isInteger(status) || length === undefined) {
    throw new Error(`cannot frame the response: ${head.split("\r\n")[0] ?? ""}`);
  }
  const total = end + 4 + Number(length);
  if (buf.length < total) return undefined;
  return {
    status,
    body: buf.toString("utf8", end + 4, total),
    retryAfter: /\r\nretry-after:/i.test(head),
    close: /\r\nconnection:\s*close/i.test(head),
    length: total,
  };
}

export function buildRequest(spec: LoadSpec, url: URL): Buffer {
  const body = Buffer.from(spec.target.body);
  const lines = [`${spec.target.method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`];
  for (const [name, value] of Object.entries(spec.target.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${body.length}`, "", "");
  return Buffer.concat([Buffer.from(lines.join("\r\n"), "latin1"), body]);
}

interface Conn {
  socket: Socket;
  buf: Buffer;
  /** When the request on this connection was due; undefined while idle. */
  due: number | undefined;
}

export async function runPacedPhase(spec: LoadSpec, seconds: number, rate: number): Promise<PhaseResult> {
  const url = new URL(spec.target.url);
  const requestBytes = buildRequest(spec, url);
  const startedAt = performance.now();
  const counter = new PhaseCounter(startedAt);
  const latencies: number[] = [];
  const waiting: number[] = []; // due times of requests that found no idle connection
  const idle: Conn[] = [];
  let sent = 0;
  let busy = 0;
  let errors = 0;
  let stopped = false;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });

  const send = (conn: Conn, due: number): void => {
    conn.due = due;
    busy++;
    conn.socket.write(requestBytes);
  };
  const release = (conn: Conn): void => {
    const next = waiting.shift();
    if (next !== undefined) send(conn, next);
    else idle.push(conn);
    if (stopped && busy === 0 && waiting.length === 0) done();
  };
  const all = new Set<Conn>();
  const open = (): Conn => {
    const conn: Conn = {
      socket: connect(Number(url.port), url.hostname),
      buf: Buffer.alloc(0),
      due: undefined,
    };
    all.add(conn);
    conn.socket.setNoDelay(true);
    conn.socket.on("data", (chunk: Buffer) => {
      conn.buf = conn.buf.length === 0 ? chunk : Buffer.concat([conn.buf, chunk]);
      let res: ParsedResponse | undefined;
      try {
        res = parseResponse(conn.buf);
      } catch {
        conn.socket.destroy();
        return;
      }
      if (res === undefined || conn.due === undefined) return;
      const now = performance.now();
      latencies.push(now - conn.due);
      counter.record(res.status, res.body, res.retryAfter ? { "retry-after": "1" } : {}, now);
      conn.buf = conn.buf.subarray(res.length);
      conn.due = undefined;
      busy--;
      if (res.close) {
        conn.socket.removeAllListeners("close");
        conn.socket.destroy();
        release(open());
      } else release(conn);
    });
    // A connection lost with a request on it: that request's outcome is unknown (counted as an error).
    conn.socket.on("error", () => undefined);
    conn.socket.on("close", () => {
      if (conn.due !== undefined) {
        errors++;
        busy--;
        conn.due = undefined;
      }
      all.delete(conn);
      const at = idle.indexOf(conn);
      if (at >= 0) idle.splice(at, 1);
      // Not at once: a server that is gone would make this a busy loop.
      if (!stopped || waiting.length > 0)
        setTimeout(() => {
          release(open());
        }, 50);
      else if (busy === 0) done();
    });
    return conn;
  };
  for (let i = 0; i < spec.connections; i++) idle.push(open());

  const tick = setInterval(() => {
    const elapsed = performance.now() - startedAt;
    const due = dueBy(Math.min(elapsed, seconds * 1000), rate);
    for (; sent < due; sent++) {
      const at = dueAt(startedAt, sent, rate);
      const conn = idle.pop();
      if (conn === undefined) waiting.push(at);
      else send(conn, at);
    }
    if (elapsed >= seconds * 1000) {
      clearInterval(tick);
      stopped = true;
      if (busy === 0 && waiting.length === 0) done();
      // Requests still unanswered after the response timeout end with their connection (errors).
      setTimeout(() => {
        for (const conn of all) if (conn.due !== undefined) conn.socket.destroy();
        done();
      }, spec.timeoutSeconds * 1000).unref();
    }
  }, 1);
  await finished;
  for (const conn of all) {
    conn.socket.removeAllListeners("close");
    conn.socket.destroy();
  }
  return counter.result({
    requestsSent: sent,
    errors,
    timeouts: 0,
    latencyMs: latencySummary(latencies),
  });
}
