import { describe, expect, inject, it } from "vitest";
import { consumeAll } from "../support/kafka.js";
import { expectRefusedByBroker, postEvents, startOnNewTopics, testClient } from "../support/ingestor.js";

const brokers = inject("kafkaBrokers");
const tls = inject("kafkaTls");

/** KAFKA_SSL* reach a real TLS listener (a development CA, made by scripts/kafka.sh) through each client. */
describe(`TLS to the real broker (KAFKA_CLIENT=${testClient ?? "default"})`, () => {
  it("with KAFKA_SSL=true and the CA in KAFKA_SSL_CA_FILE, verifies the broker, becomes ready and writes an event", async () => {
    if (tls.brokers === "") throw new Error("needs the project's local broker (its TLS listener)");
    const { svc, topic } = await startOnNewTopics(brokers, "tls-ok", {
      KAFKA_BROKERS: tls.brokers,
      KAFKA_SSL: "true",
      KAFKA_SSL_CA_FILE: tls.caFile,
    });
    try {
      const res = await postEvents(svc.url, JSON.stringify({ type: "tls", id: "tls-1", data: { ü: "✓" } }));
      expect(res.status).toBe(202);
      const records = await consumeAll(brokers, topic, 1);
      expect(records.map((r) => [r.headers["ce_id"], r.value?.toString("utf8")])).toEqual([
        ["tls-1", '{"ü":"✓"}'],
      ]);
    } finally {
      await svc.stop();
    }
  }, 60_000);

  it("without the CA (system trust only), refuses the broker's certificate: not ready, 503 with Retry-After, nothing written", async () => {
    if (tls.brokers === "") throw new Error("needs the project's local broker (its TLS listener)");
    const { svc, topic } = await startOnNewTopics(
      brokers,
      "tls-untrusted",
      { KAFKA_BROKERS: tls.brokers, KAFKA_SSL: "true", KAFKA_DELIVERY_TIMEOUT_MS: "2000" },
      { ready: false },
    );
    try {
      // The handshake failed on the certificate, and the service said so.
      await expectRefusedByBroker(svc, /certificate|self.signed|SSL|ssl|TLS/, "the TLS failure in the log");
      expect(await consumeAll(brokers, topic, 0, 1_000)).toEqual([]);
    } finally {
      await svc.stop();
    }
  }, 60_000);
});
