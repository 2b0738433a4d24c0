import { inject, describe, expect, it } from "vitest";
import { consumeAll, createTopics, kafkaClient } from "../support/kafka.js";

describe("the local Kafka broker", () => {
  it("round-trips a record with key and headers through the single-node development broker (acks=-1 on one replica)", async () => {
    const brokers = inject("kafkaBrokers");
    const [topic] = await createTopics(brokers, "roundtrip", ["t"]);
    if (topic === undefined) throw new Error("no topic created");
    const producer = kafkaClient(brokers).producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const [meta] = await producer.send({
        topic,
        acks: -1,
        messages: [{ key: "k1", value: "hello", headers: { ce_id: "1" } }],
      });
      expect(meta?.errorCode).toBe(0);
    } finally {
      await producer.disconnect();
    }
    const records = await consumeAll(brokers, topic, 1);
    expect(records).toHaveLength(1);
    expect(records[0]?.key).toBe("k1");
    expect(records[0]?.value?.toString()).toBe("hello");
    expect(records[0]?.headers["ce_id"]).toBe("1");
  });
});
