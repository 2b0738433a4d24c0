import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeAll } from "../support/kafka.js";
import { postEvents, startOnNewTopics, type RunningIngestor } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");
const ORIGIN = "https://app.example.com";
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A raw HTTP request (fetch() would not send `Origin` as a browser does for a preflight). */
async function raw(
  url: string,
  method: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/events`, { method, headers }, (res) => {
      res.resume();
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("browsers, retries and traces on the real broker", () => {
  let svc: RunningIngestor;
  let topic = "";
  beforeAll(async () => {
    ({ svc, topic } = await startOnNewTopics(brokers, "browser", {
      CORS_ORIGINS: ORIGIN,
      LOG_LEVEL: "info",
    }));
  });
  afterAll(async () => {
    await svc.stop();
  });

  it("answers a CORS preflight from an allowed origin with 204 and the headers a browser needs", async () => {
    const res = await raw(svc.url, "OPTIONS", {
      origin: ORIGIN,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,idempotency-key,traceparent,x-api-key,ce-specversion",
    });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe(ORIGIN);
    expect(res.headers["access-control-allow-methods"]).toBe("POST");
    const allowed = String(res.headers["access-control-allow-headers"]).toLowerCase();
    for (const name of ["content-type", "idempotency-key", "traceparent", "x-api-key", "ce-specversion"]) {
      expect(allowed).toContain(name);
    }
    const other = await raw(svc.url, "OPTIONS", {
      origin: "https://elsewhere.example.com",
      "access-control-request-method": "POST",
    });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();

    const post = await postEvents(svc.url, '{"type":"cors"}', {
      "content-type": "text/plain",
      origin: ORIGIN,
    });
    expect(post.status).toBe(202);
    expect(post.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(post.headers.get("access-control-expose-headers")).toBe("X-Request-Id, Retry-After");
  });

  it("writes a retried request's id-less events with the same ce_id (Idempotency-Key), client ids kept", async () => {
    const body = JSON.stringify([
      { type: "retry", data: { n: 1 } },
      { type: "retry", id: "client-id-1" },
    ]);
    const headers = { "content-type": "application/json", "idempotency-key": `order-${topic}` };
    const first = await postEvents(svc.url, body, headers);
    const retry = await postEvents(svc.url, body, headers);
    expect(first.status).toBe(202);
    expect(retry.status).toBe(202);
    const ids = first.json["ids"] as string[];
    expect(retry.json["ids"]).toEqual(ids);
    expect(ids[1]).toBe("client-id-1");
    const records = (await consumeAll(brokers, topic, 5)).filter((r) => r.headers["ce_type"] === "retry");
    expect(records).toHaveLength(4);
    const counts = new Map<string, number>();
    for (const r of records)
      counts.set(r.headers["ce_id"] ?? "", (counts.get(r.headers["ce_id"] ?? "") ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ [ids[0] ?? "?"]: 2, "client-id-1": 2 });
  });

  it("carries the request's traceparent as ce_traceparent on the record, and logs the trace id", async () => {
    const res = await postEvents(svc.url, JSON.stringify({ type: "traced", id: "traced-1" }), {
      "content-type": "application/json",
      traceparent: TRACEPARENT,
      tracestate: "rojo=00f067aa0ba902b7",
    });
    expect(res.status).toBe(202);
    const records = await consumeAll(brokers, topic, 0, 20_000, (rs) =>
      rs.some((r) => r.headers["ce_id"] === "traced-1"),
    );
    const record = records.find((r) => r.headers["ce_id"] === "traced-1");
    expect(record?.headers).toMatchObject({
      ce_traceparent: TRACEPARENT,
      ce_tracestate: "rojo=00f067aa0ba902b7",
    });
    expect(svc.logs()).toContain('"traceId":"4bf92f3577b34da6a3ce929d0e0e4736"');
  });
});
