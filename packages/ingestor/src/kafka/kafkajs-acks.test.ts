import type { PartitionMetadata, RecordMetadata } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createPlanningPartitioner, verifyAcks, type PlannedMessage } from "./kafkajs-acks.js";

const meta = (count: number, leaderless: number[] = []): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: leaderless.includes(partitionId) ? -1 : 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
    offlineReplicas: [],
  }));

const msg = (key: string | null, sticky = 0): PlannedMessage => ({ key, value: Buffer.from("v"), sticky });

const ack = (partition: number, errorCode = 0): RecordMetadata => ({
  topicName: "events",
  partition,
  errorCode,
});

describe("createPlanningPartitioner", () => {
  it("puts every keyless message of a send on its sticky partition, and the next send on the next one", () => {
    const partition = createPlanningPartitioner();
    const first = [msg(null, 7), msg(null, 7)].map((message) =>
      partition({ topic: "events", partitionMetadata: meta(4), message }),
    );
    const second = partition({ topic: "events", partitionMetadata: meta(4), message: msg(null, 8) });
    expect(first).toEqual([3, 3]);
    expect(second).toBe(0);
  });

  it("sends keyed messages to murmur2(key) % partitions, as the Java client does", () => {
    const partition = createPlanningPartitioner();
    // Expected values computed with Kafka 4.1.1's own Utils.toPositive(Utils.murmur2(key)) % n.
    const keys = ["order-1", "order-2", "customer-42", "é-ключ"];
    const on = (n: number) =>
      keys.map((k) => partition({ topic: "events", partitionMetadata: meta(n), message: msg(k) }));
    expect(on(3)).toEqual([1, 0, 0, 1]);
    expect(on(6)).toEqual([4, 3, 3, 1]);
  });

  it("skips partitions without a leader for keyless messages", () => {
    const partition = createPlanningPartitioner();
    const got = [0, 1, 2].map((s) =>
      partition({ topic: "events", partitionMetadata: meta(3, [1]), message: msg(null, s) }),
    );
    expect(got).toEqual([0, 2, 0]);
  });

  it("keeps a message's partition on a retry, even when the metadata grew meanwhile", () => {
    const partition = createPlanningPartitioner();
    const message = msg(null, 2);
    expect(partition({ topic: "events", partitionMetadata: meta(3), message })).toBe(2);
    expect(partition({ topic: "events", partitionMetadata: meta(6), message })).toBe(2);
    expect(verifyAcks("events", [message], [ack(2)])).toEqual([{ ok: true }]);
  });
});

describe("verifyAcks", () => {
  it("reports a message whose partition is missing from the broker's answers as a retriable failure", () => {
    const partition = createPlanningPartitioner();
    const messages = [msg("a"), msg("b"), msg("c"), msg("d"), msg("e"), msg("f")];
    const chosen = messages.map((message) =>
      partition({ topic: "events", partitionMetadata: meta(3), message }),
    );
    const answered = [...new Set(chosen)].slice(1);
    const deliveries = verifyAcks(
      "events",
      messages,
      answered.map((p) => ack(p)),
    );
    expect(deliveries.map((d) => d.ok)).toEqual(chosen.map((p) => answered.includes(p)));
    const [failed] = deliveries.filter((d) => !d.ok);
    expect(failed).toMatchObject({ ok: false, error: { retriable: true, kind: "broker" } });
    expect(failed?.ok === false && failed.error.message).toContain("did not acknowledge");
  });

  it("fails a message kafkajs never partitioned, and one whose partition answered an error", () => {
    const partition = createPlanningPartitioner();
    const planned = msg(null, 1);
    partition({ topic: "events", partitionMetadata: meta(3), message: planned });
    expect(verifyAcks("events", [msg(null), planned], [ack(1, 6)]).map((d) => d.ok)).toEqual([false, false]);
  });

  it("fails a message moved to another partition on a retry: kafkajs may have sent it nowhere", () => {
    const partition = createPlanningPartitioner();
    const message = msg(null, 5);
    expect(partition({ topic: "events", partitionMetadata: meta(6), message })).toBe(5);
    // The topic shrank: the retry picks a partition whose broker may already have answered.
    const moved = partition({ topic: "events", partitionMetadata: meta(3), message });
    expect(verifyAcks("events", [message], [ack(moved)]).map((d) => d.ok)).toEqual([false]);
  });

  it("ignores answers for other topics", () => {
    const partition = createPlanningPartitioner();
    const message = msg(null, 0);
    partition({ topic: "events", partitionMetadata: meta(1), message });
    expect(verifyAcks("events", [message], [{ ...ack(0), topicName: "other" }]).map((d) => d.ok)).toEqual([
      false,
    ]);
  });
});
