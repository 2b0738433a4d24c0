import { ProduceError } from "../../errors.js";
import { allFailed, type KafkaPort } from "../port.js";
import type { KafkaAuth } from "./token.js";

/** A KafkaPort whose client authenticates with a cloud token; readiness reads `kafkaAuth`. */
export interface AuthenticatedPort extends KafkaPort {
  readonly kafkaAuth: KafkaAuth;
}

/** The cloud token state behind a port, when it has one. */
export function kafkaAuthOf(port: KafkaPort): KafkaAuth | undefined {
  return "kafkaAuth" in port ? (port as AuthenticatedPort).kafkaAuth : undefined;
}

/**
 * Ties the token's life to the port's: refreshing starts with connect() and stops with disconnect(). While
 * no unexpired token is at hand (refreshes failing past the last token's expiry), sends fail at once as
 * retriable — the client gets 503 KAFKA_UNAVAILABLE with Retry-After — instead of waiting out the delivery
 * timeout on connections that cannot authenticate.
 */
export function withKafkaAuth(
  port: KafkaPort,
  auth: KafkaAuth,
  onDisconnect: () => void = () => undefined,
): AuthenticatedPort {
  return {
    kafkaAuth: auth,
    async connect() {
      auth.start();
      await port.connect();
    },
    async disconnect() {
      try {
        await port.disconnect();
      } finally {
        auth.stop();
        onDisconnect();
      }
    },
    send(topic, records) {
      if (!auth.usable()) {
        const error = new ProduceError(`no valid Kafka token (${auth.mechanism})`, true, "connection");
        return Promise.resolve(allFailed(records, error));
      }
      return port.send(topic, records);
    },
    describeTopics: (topics) => port.describeTopics(topics),
    isConnected: () => port.isConnected(),
  };
}
