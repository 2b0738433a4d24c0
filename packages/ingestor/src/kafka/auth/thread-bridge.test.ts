import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { remoteTokens, serveTokens } from "./thread-bridge.js";
import type { KafkaToken } from "./token.js";

const TOKEN: KafkaToken = { value: "v", expiresAt: 1_764_655_200_000, principal: "p" };

describe("the token bridge between the producer thread and the HTTP thread", () => {
  it("answers a token request from the one token source", async () => {
    const name = `test-${randomUUID()}`;
    let asked = 0;
    const server = serveTokens({ token: () => (asked++, Promise.resolve(TOKEN)) }, name);
    const client = remoteTokens(name);
    try {
      expect(await Promise.all([client.token(), client.token()])).toEqual([TOKEN, TOKEN]);
      expect(asked).toBe(2);
    } finally {
      client.close();
      server.close();
    }
  });

  it("passes a failed refresh on as a rejection", async () => {
    const name = `test-${randomUUID()}`;
    const server = serveTokens({ token: () => Promise.reject(new Error("STS throttled")) }, name);
    const client = remoteTokens(name);
    try {
      await expect(client.token()).rejects.toThrow("no Kafka token: Error: STS throttled");
    } finally {
      client.close();
      server.close();
    }
  });

  it("gives up when nobody answers", async () => {
    const client = remoteTokens(`test-${randomUUID()}`, 50);
    await expect(client.token()).rejects.toThrow("no Kafka token from the HTTP thread within 50 ms");
    client.close();
  });

  it("reaches a real worker thread (the channel is per process, not per thread)", async () => {
    const name = `test-${randomUUID()}`;
    const server = serveTokens({ token: () => Promise.resolve(TOKEN) }, name);
    // The worker speaks the bridge's wire format by hand: a request with an id, the answer naming it.
    const worker = new Worker(
      `const { BroadcastChannel, parentPort, workerData } = require("node:worker_threads");
       const c = new BroadcastChannel(workerData);
       c.onmessage = (e) => { if (e.data.kind === "token" && e.data.id === "w1") { parentPort.postMessage(e.data.token); c.close(); } };
       c.postMessage({ kind: "token-request", id: "w1" });`,
      { eval: true, workerData: name },
    );
    try {
      const got = await new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      });
      expect(got).toEqual(TOKEN);
    } finally {
      await worker.terminate();
      server.close();
    }
  });
});
