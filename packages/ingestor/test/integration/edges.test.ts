import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeAll, recordCount } from "../support/kafka.js";
import { postEvents, startOnNewTopics, type RunningIngestor } from "../support/ingestor.js";
import { declaredStall, endlessChunked } from "../support/stall.js";

const brokers = inject("kafkaBrokers");

describe("hostile input on the real broker", () => {
  let svc: RunningIngestor;
  let topic = "";
  let dlq = "";
  beforeAll(async () => {
    ({ svc, topic, dlq } = await startOnNewTopics(brokers, "edges", {
      HTTP_HEADERS_TIMEOUT_MS: "2000",
      HTTP_REQUEST_TIMEOUT_MS: "4000",
    }));
  });
  afterAll(async () => {
    await svc.stop();
  });

  it("stalled uploads (7 heads declaring 1 MiB, 6 endless chunked bodies) lock no one out and are cut at the read timeout", async () => {
    const stalls = [
      ...Array.from({ length: 7 }, () => declaredStall(svc.url, 1_048_576)),
      ...Array.from({ length: 6 }, () => endlessChunked(svc.url, 2_000, 100)),
    ];
    try {
      await new Promise((r) => setTimeout(r, 500));
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postEvents(svc.url, JSON.stringify({ type: "meanwhile", id: `m-${i}` })),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 20 }, () => 202));
      expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
      // HTTP_REQUEST_TIMEOUT_MS is 4 s; Node checks it every second.
      const closedAfter = await Promise.all(stalls.map((s) => s.closed));
      expect(Math.max(...closedAfter)).toBeLessThan(7_000);
    } finally {
      for (const s of stalls) s.end();
    }
  }, 30_000);

  it("poison NDJSON (one good line, 64 unparseable 16 KB lines) answers 207 and lands every dead letter", async () => {
    const poison = "\u0001".repeat(16_000);
    const lines = [
      '{"type":"ok","id":"poison-good"}',
      ...Array.from({ length: 64 }, (_, i) => `${i}${poison}`),
    ];
    const res = await postEvents(svc.url, lines.join("\n"), { "content-type": "application/x-ndjson" });
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 64 });
    const letters = await consumeAll(brokers, dlq, 64, 30_000, (r) => r.length >= 64);
    expect(letters.filter((l) => l.headers["dlq_reason"] === "INVALID_JSON")).toHaveLength(64);
    const records = await consumeAll(brokers, topic, 1, 20_000, (r) =>
      r.some((x) => x.headers["ce_id"] === "poison-good"),
    );
    expect(records.filter((r) => r.headers["ce_id"] === "poison-good")).toHaveLength(1);
  }, 60_000);

  it("keeps data byte for byte: numbers JSON cannot hold and duplicate keys inside data", async () => {
    const data = '{"big":12345678901234567890123,"inf":1e400,"safe":[9007199254740993],"a":1,"a":2}';
    const res = await postEvents(svc.url, `{"type":"exact","id":"exact-1","data":${data}}`);
    expect(res.status).toBe(202);
    const records = await consumeAll(brokers, topic, 1, 20_000, (r) =>
      r.some((x) => x.headers["ce_id"] === "exact-1"),
    );
    expect(records.find((r) => r.headers["ce_id"] === "exact-1")?.value?.toString()).toBe(data);
  });

  it("refuses lone surrogates in ids and control characters in extensions and partitionkey (400, nothing written)", async () => {
    const before = await recordCount(brokers, topic);
    const ce = (ext: string) => `{"specversion":"1.0","id":"c-1","source":"/s","type":"t",${ext}}`;
    const bodies: [string, Record<string, string>][] = [
      ['{"type":"t","id":"x-\\ud800"}', { "content-type": "application/json" }],
      ['{"type":"t","id":"x-\\udfff"}', { "content-type": "application/json" }],
      [ce('"traceid":"a\\r\\nb"'), { "content-type": "application/cloudevents+json" }],
      [ce('"partitionkey":"k\\u0000"'), { "content-type": "application/cloudevents+json" }],
    ];
    for (const [body, headers] of bodies) {
      const res = await postEvents(svc.url, body, headers);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: { code: "INVALID_EVENT" } });
    }
    expect(await recordCount(brokers, topic)).toBe(before);
  });
});

describe("start-up edges", () => {
  it("a port in use ends in one clear line and exit code 1, not a stack trace", async () => {
    const blocker = createServer();
    blocker.listen(0, "0.0.0.0");
    await once(blocker, "listening");
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const main =
        process.env["INGESTOR_MAIN"] ?? fileURLToPath(new URL("../../dist/main.js", import.meta.url));
      const child = spawn(process.execPath, [main], {
        env: {
          PATH: process.env["PATH"] ?? "",
          KAFKA_BROKERS: brokers,
          PORT: String(port),
          LOG_LEVEL: "silent",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const [code] = (await once(child, "exit")) as [number | null];
      expect(code).toBe(1);
      expect(stderr).toBe(`event-ingestor: cannot listen: port ${port} is already in use\n`);
    } finally {
      blocker.close();
    }
  });
});
