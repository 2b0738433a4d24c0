import { describe, expect, inject, it } from "vitest";
import { consumeAll } from "../support/kafka.js";
import { expectRefusedByBroker, postEvents, startOnNewTopics, testClient } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");
const sasl = inject("kafkaSasl");

/** The project's settings reach a real SASL listener through each client's own properties. */
describe(`SASL authentication on the real broker (KAFKA_CLIENT=${testClient ?? "default"})`, () => {
  it.each(["plain", "scram-sha-256", "scram-sha-512"])(
    "with KAFKA_SASL_MECHANISM=%s, connects, becomes ready and writes an event",
    async (mechanism) => {
      if (sasl.brokers === "") throw new Error("needs the project's local broker (its SASL listener)");
      const { svc, topic } = await startOnNewTopics(brokers, `sasl-${mechanism}`, {
        KAFKA_BROKERS: sasl.brokers,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: sasl.username,
        KAFKA_SASL_PASSWORD: sasl.password,
      });
      try {
        const id = `sasl-${mechanism}-1`;
        const res = await postEvents(svc.url, JSON.stringify({ type: "sasl", id }));
        expect(res.status).toBe(202);
        const records = await consumeAll(brokers, topic, 1);
        expect(records.map((r) => r.headers["ce_id"])).toEqual([id]);
      } finally {
        await svc.stop();
      }
    },
    60_000,
  );

  it("with a wrong password, stays not ready and answers 503 with Retry-After, without crashing", async () => {
    if (sasl.brokers === "") throw new Error("needs the project's local broker (its SASL listener)");
    const { svc } = await startOnNewTopics(
      brokers,
      "sasl-wrong",
      {
        KAFKA_BROKERS: sasl.brokers,
        KAFKA_SASL_MECHANISM: "scram-sha-256",
        KAFKA_SASL_USERNAME: sasl.username,
        KAFKA_SASL_PASSWORD: "not-the-password",
        KAFKA_DELIVERY_TIMEOUT_MS: "2000",
      },
      { ready: false },
    );
    try {
      // The broker refused the credentials, and the service said so.
      await expectRefusedByBroker(svc, /[Aa]uthenticat|SASL/, "the authentication failure in the log");
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
