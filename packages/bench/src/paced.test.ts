import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { buildRequest, dueAt, dueBy, latencySummary, parseResponse, runPacedPhase } from "./paced.js";
import type { LoadSpec } from "./types.js";

describe("the paced schedule", () => {
  it("makes requests due evenly, not in per-second bursts", () => {
    expect(dueBy(0, 2000)).toBe(0);
    expect(dueBy(1, 2000)).toBe(2);
    expect(dueBy(500, 2000)).toBe(1000);
    expect(dueBy(999.9, 3)).toBe(2);
    expect(dueAt(100, 0, 4)).toBe(100);
    expect(dueAt(100, 3, 4)).toBe(850);
  });

  it("summarises latencies by nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencySummary(values)).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
    expect(latencySummary([])).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

describe("parseResponse", () => {
  const response = (head: string, body: string) => Buffer.from(`${head}\r\n\r\n${body}`);

  it("frames a response by Content-Length and reports Retry-After and Connection: close", () => {
    const buf = Buffer.concat([
      response(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 2\r\nConnection: close",
        "{}",
      ),
      Buffer.from("HTTP/1.1 202"),
    ]);
    const r = parseResponse(buf);
    expect(r).toMatchObject({ status: 503, body: "{}", retryAfter: true, close: true });
    expect(buf.subarray(r?.length).toString()).toBe("HTTP/1.1 202");
  });

  it("waits for the rest of a response that arrived in pieces", () => {
    const whole = response("HTTP/1.1 202 Accepted\r\ncontent-length: 14", '{"accepted":1}');
    expect(parseResponse(whole.subarray(0, 10))).toBeUndefined();
    expect(parseResponse(whole.subarray(0, whole.length - 1))).toBeUndefined();
    expect(parseResponse(whole)).toMatchObject({ status: 202, body: '{"accepted":1}', close: false });
  });

  it("refuses a response it cannot frame (no Content-Length)", () => {
    expect(() =>
      parseResponse(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "0\r\n\r\n")),
    ).toThrow(/cannot frame/);
  });

  it("builds one HTTP/1.1 request with the body's byte length", () => {
    const spec = {
      target: { url: "http://h:1/events", method: "POST", headers: { "content-type": "a/b" }, body: "é" },
    } as unknown as LoadSpec;
    expect(buildRequest(spec, new URL(spec.target.url)).toString()).toBe(
      "POST /events HTTP/1.1\r\nhost: h:1\r\ncontent-type: a/b\r\ncontent-length: 2\r\n\r\né",
    );
  });
});

describe("runPacedPhase", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((r) => server?.close(r));
  });

  it("sends rate x seconds requests spread over the phase and counts what the server accepted", async () => {
    const arrivals: number[] = [];
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        arrivals.push(performance.now());
        // Every 10th answer closes its connection, as the ingestor does on 503: the client must reconnect.
        const close = arrivals.length % 10 === 0;
        const body = close ? '{"error":{}}' : '{"accepted":2}';
        res.writeHead(close ? 503 : 202, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          ...(close ? { "retry-after": "1", connection: "close" } : {}),
        });
        res.end(body);
      });
    });
    await new Promise<void>((r) => server?.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    const spec: LoadSpec = {
      target: { url: `http://127.0.0.1:${port}/events`, method: "POST", headers: {}, body: "[]" },
      connections: 8,
      warmupSeconds: 0,
      durationSeconds: 1,
      timeoutSeconds: 5,
    };
    const result = await runPacedPhase(spec, 1, 200);
    expect(result.requestsSent).toBe(200);
    expect(result.responses).toBe(200);
    expect(result.statusCounts).toEqual({ "202": 180, "503": 20 });
    expect(result.acceptedEvents).toBe(360);
    expect(result.unavailableWithoutRetryAfter).toBe(0);
    expect(result.errors).toBe(0);
    // Paced, not bursty: no 100 ms window of the second got more than a third of the requests.
    const first = arrivals[0] ?? 0;
    const perWindow = new Map<number, number>();
    for (const t of arrivals) {
      const w = Math.floor((t - first) / 100);
      perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
    }
    expect(Math.max(...perWindow.values())).toBeLessThan(67);
  });
});
