import { describe, expect, inject, it } from "vitest";
import { createTopics, idsInTopic } from "../support/kafka.js";
import { startIngestor, waitReady } from "../support/ingestor.js";
import { drive, until } from "../support/load.js";

const brokers = inject("kafkaBrokers");

describe("graceful shutdown", () => {
  it.each([
    ["the default settings (SHUTDOWN_DELAY_MS=500)", "500"],
    ["the Kubernetes settings (SHUTDOWN_DELAY_MS=0 behind a preStop sleep)", "0"],
  ])(
    "on SIGTERM under load with %s: exits 0, answers only 202 or 503 DRAINING, resets no connection, loses nothing",
    async (_, delay) => {
      const [topic = "", dlq = ""] = await createTopics(brokers, "sigterm", ["events", "dlq"]);
      const svc = await startIngestor({
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC: topic,
        KAFKA_DLQ_TOPIC: dlq,
        SHUTDOWN_DELAY_MS: delay,
        // A long linger keeps batches buffered at the moment the signal arrives.
        KAFKA_LINGER_MS: "50",
      });
      await waitReady(svc.url);
      // Clients leave an instance that answers DRAINING, as they would for another behind the load balancer.
      const load = drive(svc.url, 16, "sigterm", { stopOnDraining: true });
      await until(() => load.acceptedIds.size >= 200, 30_000, "load before SIGTERM");
      const code = await svc.stop("SIGTERM");
      const result = await load.stop();
      expect(code).toBe(0);
      expect(svc.logs()).not.toContain("shutdown incomplete");
      expect(result.connectionErrors).toBe(0);
      expect([...result.statuses.keys()].sort()).toEqual([202, 503]);
      expect([...result.codes.keys()]).toEqual(["DRAINING"]);
      const inKafka = await idsInTopic(brokers, topic, result.acceptedIds);
      expect([...result.acceptedIds].filter((id) => !inKafka.has(id))).toEqual([]);
      expect(result.acceptedIds.size).toBeGreaterThanOrEqual(200);
    },
    120_000,
  );
});
