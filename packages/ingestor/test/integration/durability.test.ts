import { describe, expect, inject, it } from "vitest";
import { createTopics } from "../support/kafka.js";
import { startIngestor, waitReady } from "../support/ingestor.js";
import { until } from "../support/load.js";

const brokers = inject("kafkaBrokers");

describe("durability check (KAFKA_MIN_ISR_REQUIRED)", () => {
  it("stays not ready, saying why, on topics whose min.insync.replicas and replication factor are 1", async () => {
    const [dlq = ""] = await createTopics(brokers, "weak", ["dlq"]);
    const [topic = ""] = await createTopics(brokers, "weak", ["events"], 1, { "min.insync.replicas": "1" });
    const svc = await startIngestor({
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: dlq,
      KAFKA_MIN_ISR_REQUIRED: "2",
    });
    try {
      let body: { checks?: Record<string, boolean>; problems?: string[] } = {};
      await until(
        () => body.checks?.["producerConnected"] === true && body.checks["topicsExist"] === true,
        30_000,
        "connected and topics read",
        async () => {
          const res = await fetch(`${svc.url}/readyz`);
          expect(res.status).toBe(503);
          body = (await res.json()) as typeof body;
        },
      );
      expect(body.checks?.["topicsDurable"]).toBe(false);
      expect(body.problems).toEqual(
        expect.arrayContaining([
          `topic ${topic}: replication.factor=1 is below KAFKA_MIN_ISR_REQUIRED=2`,
          `topic ${topic}: min.insync.replicas=1 is below KAFKA_MIN_ISR_REQUIRED=2`,
        ]),
      );
      expect(svc.logs()).toContain("topics are not durable enough");
    } finally {
      await svc.stop();
    }
    // The development setting accepts the same topics.
    const dev = await startIngestor({ KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: dlq });
    try {
      await waitReady(dev.url);
    } finally {
      await dev.stop();
    }
  }, 90_000);
});
