import kafkajs from "kafkajs";
import { describe, expect, inject, it } from "vitest";
import { consumeAll, createTopics, recordCount, withAdmin } from "../support/kafka.js";
import { postEvents, startIngestor, startOnNewTopics, waitReady } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");

describe("records Kafka refuses and the idempotent producer", () => {
  it("an event larger than the topic's max.message.bytes is refused up front as RECORD_REJECTED and dead-lettered", async () => {
    const [dlq = ""] = await createTopics(brokers, "small", ["dlq"]);
    const [topic = ""] = await createTopics(brokers, "small", ["events"], 1, { "max.message.bytes": "2048" });
    const svc = await startIngestor({ KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: dlq });
    try {
      await waitReady(svc.url);
      const body = JSON.stringify([
        { type: "small", id: "fits-1" },
        { type: "big", id: "too-big-1", data: "x".repeat(5_000) },
      ]);
      const res = await postEvents(svc.url, body);
      expect(res.status).toBe(207);
      const results = res.json["results"] as { id: string; status: string; error?: { code: string } }[];
      expect(results[1]).toMatchObject({
        id: "too-big-1",
        status: "rejected",
        error: { code: "RECORD_REJECTED" },
      });
      const letters = await consumeAll(brokers, dlq, 1);
      expect(letters[0]?.headers).toMatchObject({ dlq_reason: "RECORD_REJECTED", ce_id: "too-big-1" });
      expect(await recordCount(brokers, topic)).toBe(1);
    } finally {
      await svc.stop();
    }
  });

  it("records the broker refuses though the size estimate let them through: the culprit is dead-lettered, its siblings land exactly once", async () => {
    const [dlq = ""] = await createTopics(brokers, "refuse", ["dlq"]);
    const [topic = ""] = await createTopics(brokers, "refuse", ["events"], 1, {
      "max.message.bytes": "100000",
    });
    // The ingestor reads the limit once (100 KB) and not again for ten minutes; the broker's drops to 3 KB.
    const svc = await startIngestor({
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: dlq,
      KAFKA_METADATA_MAX_AGE_MS: "600000",
    });
    try {
      await waitReady(svc.url);
      await withAdmin(brokers, (admin) =>
        admin.alterConfigs({
          validateOnly: false,
          resources: [
            {
              type: kafkajs.ConfigResourceTypes.TOPIC,
              name: topic,
              configEntries: [{ name: "max.message.bytes", value: "3000" }],
            },
          ],
        }),
      );
      const body = JSON.stringify([
        { type: "small", id: "sibling-1" },
        { type: "big", id: "refused-1", data: "x".repeat(5_000) },
        { type: "small", id: "sibling-2" },
      ]);
      // A client retries a 503 after Retry-After (librdkafka answers one while its view of the limit is stale:
      // it cannot tell the record's fault from its batch's until it has read the new limit).
      let res = await postEvents(svc.url, body);
      for (let retry = 0; res.status === 503 && retry < 5; retry++) {
        await new Promise((r) => setTimeout(r, 1_000 * Number(res.headers.get("retry-after") ?? 1)));
        res = await postEvents(svc.url, body);
      }
      expect(res.status).toBe(207);
      expect(res.json["results"]).toMatchObject([
        { id: "sibling-1", status: "accepted" },
        { id: "refused-1", status: "rejected", error: { code: "RECORD_REJECTED" } },
        { id: "sibling-2", status: "accepted" },
      ]);
      const letters = await consumeAll(brokers, dlq, 1);
      expect(letters.map((l) => [l.headers["dlq_reason"], l.headers["ce_id"]])).toEqual([
        ["RECORD_REJECTED", "refused-1"],
      ]);
      expect(await recordCount(brokers, topic)).toBe(2);
      const ids = (await consumeAll(brokers, topic, 2)).map((r) => r.headers["ce_id"]);
      expect(ids.sort()).toEqual(["sibling-1", "sibling-2"]);
    } finally {
      await svc.stop();
    }
  });

  it("with kafkajs and KAFKA_IDEMPOTENT=true, concurrent requests land exactly once each", async () => {
    const { svc, topic } = await startOnNewTopics(brokers, "idem", {
      KAFKA_CLIENT: "kafkajs",
      KAFKA_IDEMPOTENT: "true",
    });
    try {
      const responses = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          postEvents(
            svc.url,
            JSON.stringify(Array.from({ length: 10 }, (_, j) => ({ type: "idem", id: `i-${i}-${j}` }))),
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 40 }, () => 202));
      expect(await recordCount(brokers, topic)).toBe(400);
      const ids = new Set((await consumeAll(brokers, topic, 400)).map((r) => r.headers["ce_id"]));
      expect(ids.size).toBe(400);
    } finally {
      expect(await svc.stop()).toBe(0);
    }
  });
});
