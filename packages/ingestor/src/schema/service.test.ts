import { describe, expect, it } from "vitest";
import type { DeadLetterEnvelope } from "../kafka/dlq.js";
import { createHarness, DLQ_TOPIC as DLQ, TOPIC } from "../testing/harness.js";
import { createEventValidator, loadEventSchemas, type SchemaMode } from "./index.js";
import { NEGATIVE_AMOUNT } from "../../test/support/schema.js";

const ORDER_SCHEMA = {
  type: "object",
  required: ["amount"],
  properties: { amount: { type: "number", minimum: 0 } },
};

/** The service as main.ts wires it (the unit-test harness), with a validator over one in-memory schema. */
function serviceWith(mode: SchemaMode) {
  const schemas = loadEventSchemas("/schemas", {
    list: () => ["order.created.json"],
    read: () => JSON.stringify(ORDER_SCHEMA),
    isFile: () => true,
  });
  return createHarness({ partitions: 1, validateEvent: createEventValidator(mode, schemas) });
}

const order = (id: string, amount: number) => ({ type: "order.created", id, data: { amount } });

describe("SCHEMA_MODE on POST /events", () => {
  it("known: a violating event of a batch is rejected with its path and keyword, dead-lettered, the rest accepted (207)", async () => {
    const s = await serviceWith("known");
    const body = JSON.stringify([order("o-1", 5), order("o-2", -3), { type: "page.viewed", id: "p-1" }]);
    const res = await s.post(body);
    expect(res.status).toBe(207);
    expect(await res.json()).toEqual({
      accepted: 2,
      rejected: 1,
      results: [
        { index: 0, id: "o-1", status: "accepted" },
        {
          index: 1,
          id: "o-2",
          status: "rejected",
          error: NEGATIVE_AMOUNT,
        },
        { index: 2, id: "p-1", status: "accepted" },
      ],
    });
    expect(s.port.records(TOPIC).map((r) => r.headers["ce_id"])).toEqual(["o-1", "p-1"]);
    const [letter] = s.port.records(DLQ);
    expect(letter?.headers).toMatchObject({
      dlq_reason: "SCHEMA_VIOLATION",
      dlq_error: "data/amount must be >= 0",
      ce_id: "o-2",
      ce_type: "order.created",
    });
    const envelope = JSON.parse(letter?.value?.toString() ?? "null") as DeadLetterEnvelope;
    expect(envelope).toMatchObject({ reason: "SCHEMA_VIOLATION", message: "data/amount must be >= 0" });
    expect(JSON.parse(envelope.payload)).toEqual(order("o-2", -3));
    const dlqByReason = await s.metrics.dlqEvents.get();
    expect(dlqByReason.values).toEqual([{ labels: { reason: "SCHEMA_VIOLATION" }, value: 1 }]);
  });

  it("a single violating event answers 400 SCHEMA_VIOLATION and nothing reaches the main topic", async () => {
    const s = await serviceWith("known");
    const res = await s.post(JSON.stringify({ type: "order.created", id: "o-9", data: {} }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "SCHEMA_VIOLATION", message: "data must have required property 'amount'" },
      accepted: 0,
      rejected: 1,
      results: [{ index: 0, error: { instancePath: "", keyword: "required" } }],
    });
    expect(s.port.records(TOPIC)).toEqual([]);
    expect(s.port.records(DLQ)).toHaveLength(1);
  });

  it("strict: a type without a schema is rejected; known lets it through", async () => {
    const strict = await serviceWith("strict");
    const batch = JSON.stringify([order("o-1", 1), { type: "page.viewed", id: "p-1" }]);
    const res = await strict.post(batch);
    expect(res.status).toBe(207);
    const body = (await res.json()) as { results: { error?: { code: string; keyword: string } }[] };
    expect(body.results[1]?.error).toMatchObject({ code: "SCHEMA_VIOLATION", keyword: "schema" });
    expect(strict.port.records(DLQ)).toHaveLength(1);
    const known = await serviceWith("known");
    expect((await known.post(batch)).status).toBe(202);
  });

  it("off: nothing is validated", async () => {
    const s = await serviceWith("off");
    expect((await s.post(JSON.stringify(order("o-1", -1)))).status).toBe(202);
    expect(s.port.records(DLQ)).toEqual([]);
  });
});
