import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeAll } from "../support/kafka.js";
import { postEvents, startIngestor, startOnNewTopics, type RunningIngestor } from "../support/ingestor.js";
import { NEGATIVE_AMOUNT } from "../support/schema.js";

const brokers = inject("kafkaBrokers");

/** A SCHEMA_DIR as an operator (or a ConfigMap) would lay it out: one `<type>.json` per event type. */
function schemaDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "ingestor-schemas-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ORDER_SCHEMA = JSON.stringify({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["orderId", "amount"],
  properties: { orderId: { type: "string" }, amount: { type: "number", minimum: 0 } },
});

describe("per-type JSON Schema on the real broker", () => {
  let svc: RunningIngestor;
  let topic = "";
  let dlq = "";
  let dir = "";
  beforeAll(async () => {
    dir = schemaDir({ "order.created.json": ORDER_SCHEMA });
    ({ svc, topic, dlq } = await startOnNewTopics(brokers, "schema", {
      SCHEMA_DIR: dir,
      SCHEMA_MODE: "known",
    }));
  });
  afterAll(async () => {
    await svc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("a batch with one violating event answers 207: the good ones in the main topic, the bad one in the DLQ with the error", async () => {
    const batch = [
      { type: "order.created", id: "order-1", data: { orderId: "A1", amount: 10 } },
      { type: "order.created", id: "order-2", data: { orderId: "A2", amount: -5 } },
      { type: "page.viewed", id: "page-1", data: { path: "/" } },
    ];
    const res = await postEvents(svc.url, JSON.stringify(batch));
    expect(res.status).toBe(207);
    expect(res.json).toEqual({
      accepted: 2,
      rejected: 1,
      results: [
        { index: 0, id: "order-1", status: "accepted" },
        {
          index: 1,
          id: "order-2",
          status: "rejected",
          error: NEGATIVE_AMOUNT,
        },
        { index: 2, id: "page-1", status: "accepted" },
      ],
    });
    const main = await consumeAll(brokers, topic, 2);
    expect(main.map((r) => r.headers["ce_id"]).sort()).toEqual(["order-1", "page-1"]);
    expect(main.find((r) => r.headers["ce_id"] === "order-1")?.value?.toString()).toBe(
      '{"orderId":"A1","amount":10}',
    );
    const [letter, ...more] = await consumeAll(brokers, dlq, 1);
    expect(more).toEqual([]);
    expect(letter?.headers).toMatchObject({
      dlq_reason: "SCHEMA_VIOLATION",
      dlq_error: "data/amount must be >= 0",
      ce_id: "order-2",
      ce_type: "order.created",
    });
    const envelope = JSON.parse(letter?.value?.toString() ?? "null") as Record<string, unknown>;
    expect(envelope).toMatchObject({ reason: "SCHEMA_VIOLATION", message: "data/amount must be >= 0" });
    expect(JSON.parse(String(envelope["payload"]))).toEqual(batch[1]);
  });
});

describe("SCHEMA_DIR at start-up", () => {
  it("a schema file that is not a valid schema stops the service, naming the file", async () => {
    const dir = schemaDir({ "order.created.json": ORDER_SCHEMA, "broken.json": '{"type": "objekt"}' });
    try {
      await expect(
        startIngestor({ KAFKA_BROKERS: brokers, SCHEMA_DIR: dir, SCHEMA_MODE: "strict" }),
      ).rejects.toThrow(new RegExp(`ingestor exited with 2:[\\s\\S]*schema ${join(dir, "broken.json")}: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
