import type { Admin } from "kafkajs";
import { describe, expect, it } from "vitest";
import { Topics } from "./kafka.js";

function unknownTopic(): Error {
  return Object.assign(new Error("This server does not host this topic-partition"), {
    name: "KafkaJSProtocolError",
    type: "UNKNOWN_TOPIC_OR_PARTITION",
    retriable: true,
  });
}

interface Script {
  /** Errors thrown by successive createTopics calls (undefined: succeed). */
  create?: (Error | undefined)[];
  /** Leaders reported by successive metadata calls (-1: none yet). */
  leaders?: number[][];
  /** Errors thrown by successive fetchTopicOffsets calls. */
  offsets?: (Error | undefined)[];
}

/** A fake kafkajs Admin whose calls follow a script; counts connections and calls. */
function fakeBroker(script: Script) {
  const calls = { connect: 0, disconnect: 0, create: 0, metadata: 0, offsets: 0, del: 0 };
  const connect = () => {
    calls.connect++;
    const admin = {
      createTopics: () => {
        const err = script.create?.[calls.create++];
        return err === undefined ? Promise.resolve(true) : Promise.reject(err);
      },
      fetchTopicMetadata: ({ topics }: { topics: string[] }) => {
        const leaders = script.leaders?.[calls.metadata++] ?? [0, 0, 0];
        return Promise.resolve({
          topics: topics.map((name) => ({
            name,
            partitions: leaders.map((leader, partitionId) => ({
              partitionId,
              leader,
              replicas: [1],
              isr: [1],
            })),
          })),
        });
      },
      fetchTopicOffsets: () => {
        const err = script.offsets?.[calls.offsets++];
        return err === undefined
          ? Promise.resolve([{ partition: 0, offset: "5", high: "5", low: "1" }])
          : Promise.reject(err);
      },
      deleteTopics: () => {
        calls.del++;
        return Promise.reject(unknownTopic());
      },
      disconnect: () => {
        calls.disconnect++;
        return Promise.resolve();
      },
    };
    return Promise.resolve(admin as unknown as Admin);
  };
  const topics = new Topics(
    connect,
    { attempts: 5, initialDelayMs: 1, maxDelayMs: 1 },
    { sleep: () => Promise.resolve() },
  );
  return { topics, calls };
}

describe("Topics", () => {
  it("survives the metadata race after a deletion: retries creation on a fresh client", async () => {
    const { topics, calls } = fakeBroker({ create: [unknownTopic(), unknownTopic()] });
    await topics.create(["bench.x.s1", "bench.x.s1.dlq"], 3);
    expect(calls.create).toBe(3);
    // One client per try, each closed: no deleted topic lingers in a client's metadata.
    expect(calls.connect).toBe(3);
    expect(calls.disconnect).toBe(3);
  });

  it("waits until every partition has a leader that serves its offsets", async () => {
    const { topics, calls } = fakeBroker({
      leaders: [
        [0, -1, 0],
        [0, 0, 0],
        [0, 0, 0],
      ],
      offsets: [unknownTopic()],
    });
    await topics.create(["t"], 3);
    expect(calls.metadata).toBe(3);
    expect(calls.offsets).toBe(2);
  });

  it("gives up after the bounded tries instead of hanging", async () => {
    const { topics, calls } = fakeBroker({ leaders: Array.from({ length: 10 }, () => [-1, -1, -1]) });
    await expect(topics.create(["t"], 3)).rejects.toThrow(/gave up after 5 tries: topic t: 0 of 3/);
    expect(calls.connect).toBe(5);
    expect(calls.disconnect).toBe(5);
  });

  it("counts records as high watermark minus log start, and deletes best effort", async () => {
    const { topics, calls } = fakeBroker({ offsets: [unknownTopic()] });
    expect(await topics.count("t")).toBe(4);
    await topics.delete(["t"]);
    expect(calls.del).toBe(1);
  });
});
