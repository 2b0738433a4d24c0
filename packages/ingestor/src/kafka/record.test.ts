import { describe, expect, it } from "vitest";
import type { IngestEvent } from "../events/types.js";
import { recordSize, toRecord } from "./record.js";

const event: IngestEvent = {
  specversion: "1.0",
  id: "e-1",
  source: "/shop",
  type: "order.created",
  time: "2025-03-04T05:06:07.089Z",
  extensions: {},
  data: null,
  key: null,
};

describe("toRecord (CloudEvents Kafka binding, binary mode)", () => {
  it("puts the required attributes in ce_* headers and sends no key or value when there are none", () => {
    const r = toRecord(event);
    expect(r.headers).toEqual({
      ce_specversion: "1.0",
      ce_id: "e-1",
      ce_source: "/shop",
      ce_type: "order.created",
      ce_time: "2025-03-04T05:06:07.089Z",
    });
    expect(r.key).toBeNull();
    expect(r.value).toBeNull();
  });

  it("adds subject, dataschema, extensions, partitionkey and content-type; the data is the value", () => {
    const data = Buffer.from('{"n":1}');
    const r = toRecord({
      ...event,
      subject: "orders/1",
      dataschema: "https://schema/1",
      datacontenttype: "application/json",
      extensions: { traceparent: "00-1", retries: "3" },
      data,
      key: "customer-7",
    });
    expect(r.headers).toMatchObject({
      ce_subject: "orders/1",
      ce_dataschema: "https://schema/1",
      ce_traceparent: "00-1",
      ce_retries: "3",
      ce_partitionkey: "customer-7",
      "content-type": "application/json",
    });
    expect(r.key).toBe("customer-7");
    expect(r.value).toBe(data);
  });

  it("sizes a record by its key, value and headers in bytes", () => {
    const small = toRecord(event);
    const big = toRecord({ ...event, data: Buffer.alloc(10_000), key: "ü" });
    expect(big.size - small.size).toBe(10_000 + 2 + "ce_partitionkey".length + 2 + 2);
    expect(small.size).toBe(recordSize(null, null, small.headers));
  });
});
