import { describe, expect, inject, it } from "vitest";
import { createTopics, idsInTopic } from "../support/kafka.js";
import { startIngestor, waitReady } from "../support/ingestor.js";
import { drive, until } from "../support/load.js";

const brokers = inject("kafkaBrokers");

describe("graceful shutdown", () => {
  it("on SIGTERM under load, exits 0 and every event acknowledged with a 2xx is in the topic", async () => {
    const [topic = "", dlq = ""] = await createTopics(brokers, "sigterm", ["events", "dlq"]);
    const svc = await startIngestor({
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: dlq,
      SHUTDOWN_DELAY_MS: "500",
      // A long linger keeps batches buffered at the moment the signal arrives.
      KAFKA_LINGER_MS: "50",
    });
    await waitReady(svc.url);
    const load = drive(svc.url, 16, "sigterm");
    await until(() => load.acceptedIds.size >= 200, 30_000, "load before SIGTERM");
    const code = await svc.stop("SIGTERM");
    const result = await load.stop();
    expect(code).toBe(0);
    expect(svc.logs()).not.toContain("shutdown timed out");
    const inKafka = await idsInTopic(brokers, topic, result.acceptedIds);
    expect([...result.acceptedIds].filter((id) => !inKafka.has(id))).toEqual([]);
    expect(result.acceptedIds.size).toBeGreaterThanOrEqual(200);
  }, 120_000);
});
