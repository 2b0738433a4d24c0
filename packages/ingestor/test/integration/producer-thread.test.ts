import { describe, expect, inject, it } from "vitest";
import { postEvents, startOnNewTopics } from "../support/ingestor.js";
import { consumeAll } from "../support/kafka.js";

const brokers = inject("kafkaBrokers");

const events = [
  {
    type: "order.created",
    id: "pt-1",
    key: "customer-é中",
    subject: "s-😀",
    data: { note: "ünïcödé 中文 😀" },
  },
  { type: "order.paid", id: "pt-2", data: "plain string" },
  { type: "order.noted", id: "pt-3" },
];

/** Records as the consumer sees them, by ce_id, without the per-run parts (time, partition of keyless). */
async function writeWith(mode: "worker" | "main") {
  const { svc, topic } = await startOnNewTopics(brokers, `thread-${mode}`, {
    // The producer thread is kafkajs' (librdkafka has threads of its own): this test is about kafkajs.
    KAFKA_CLIENT: "kafkajs",
    KAFKA_PRODUCER_THREAD: mode,
  });
  try {
    const res = await postEvents(svc.url, JSON.stringify(events));
    expect(res.status).toBe(202);
    expect(res.json["accepted"]).toBe(3);
  } finally {
    expect(await svc.stop()).toBe(0);
  }
  const records = await consumeAll(brokers, topic, events.length);
  return new Map(
    records.map((r) => {
      // ce_time is the receive time: the one header that differs between the two runs.
      const headers = Object.fromEntries(
        Object.entries(r.headerBytes).filter(([name]) => name !== "ce_time"),
      );
      return [r.headers["ce_id"], { key: r.keyBytes, value: r.value, headers }];
    }),
  );
}

describe("KAFKA_PRODUCER_THREAD", () => {
  it("writes byte-identical records whether kafkajs runs on the producer thread or the HTTP thread", async () => {
    const viaWorker = await writeWith("worker");
    const viaMain = await writeWith("main");
    expect(viaWorker.size).toBe(3);
    expect(viaWorker.get("pt-1")).toEqual({
      key: Buffer.from("customer-é中"),
      value: Buffer.from(JSON.stringify({ note: "ünïcödé 中文 😀" })),
      headers: expect.objectContaining({
        ce_subject: Buffer.from("s-😀"),
        ce_partitionkey: Buffer.from("customer-é中"),
      }) as unknown,
    });
    expect(viaWorker.get("pt-3")?.value).toBeNull();
    // Buffers compare byte by byte: keys, values and every header value are the same bytes.
    expect(viaWorker).toEqual(viaMain);
  });
});
