import { describe, expect, it } from "vitest";
import { untilLed, type TopicsAdmin } from "./ensure.js";

/** An admin whose metadata answers come from `answers` in turn (an Error is thrown), the last one repeating. */
function adminAnswering(answers: readonly (Error | number[][])[]): TopicsAdmin & { calls: number } {
  const admin = {
    calls: 0,
    listTopics: () => Promise.resolve([]),
    createTopics: () => Promise.resolve(true),
    describeCluster: () => Promise.resolve({ brokers: [1] }),
    fetchTopicMetadata: () => {
      const answer = answers[Math.min(admin.calls++, answers.length - 1)];
      if (answer instanceof Error) return Promise.reject(answer);
      return Promise.resolve({
        topics: (answer ?? []).map((leaders) => ({ partitions: leaders.map((leader) => ({ leader })) })),
      });
    },
  };
  return admin;
}

describe("waiting for new topics' leaders", () => {
  it("retries metadata the broker does not have yet until every partition of every topic has a leader", async () => {
    const admin = adminAnswering([
      new Error("This server does not host this topic-partition"),
      [
        [0, -1],
        [0, 0],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ]);
    await untilLed(admin, ["a", "b"], 2, 5_000, 1);
    expect(admin.calls).toBe(3);
  });

  it("gives up with the topics named when they stay without leaders", async () => {
    const admin = adminAnswering([[[-1]]]);
    await expect(untilLed(admin, ["a"], 1, 20, 1)).rejects.toThrow("the new topics a have no leaders yet");
  });
});
