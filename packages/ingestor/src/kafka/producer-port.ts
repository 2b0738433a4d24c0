import type { Config } from "../config.js";
import { createKafkaPort, type KafkaLogSink } from "./kafkajs.js";
import { createLibrdkafkaPort } from "./librdkafka.js";
import type { KafkaPort } from "./port.js";
import { createKafkaAuth, serveTokens, withKafkaAuth } from "./auth/index.js";
import { spawnProducerWorker, WorkerKafkaPort } from "./thread/index.js";

export interface ProducerPort {
  readonly port: KafkaPort;
  /** Milliseconds the producer's own thread has been busy, when it has one (kafkajs on a worker thread). */
  readonly loopBusyMs?: () => number | undefined;
}

/**
 * The KafkaPort for the configured client: librdkafka (its own threads, its own batching), or kafkajs on a
 * worker thread (KAFKA_PRODUCER_THREAD=worker) or on the HTTP thread. With a cloud SASL mechanism, one
 * token manager on this thread serves every client (and the producer thread, over a channel), and the port
 * carries it for readiness (auth/port.ts).
 */
export function createProducerPort(
  config: Config["kafka"],
  log: KafkaLogSink,
  onThreadExit: (code: number) => void,
): ProducerPort {
  const auth = createKafkaAuth(config.sasl, log);
  if (config.client === "librdkafka") {
    const port = createLibrdkafkaPort(config, log, auth);
    return { port: auth === undefined ? port : withKafkaAuth(port, auth) };
  }
  if (config.producerThread === "main") {
    const port = createKafkaPort(config, log, undefined, auth);
    return { port: auth === undefined ? port : withKafkaAuth(port, auth) };
  }
  const bridge = auth === undefined ? undefined : serveTokens(auth);
  const thread = new WorkerKafkaPort({
    spawn: () => spawnProducerWorker(config),
    log,
    onUnexpectedExit: onThreadExit,
  });
  return {
    port: auth === undefined ? thread : withKafkaAuth(thread, auth, () => bridge?.close()),
    loopBusyMs: () => thread.loopBusyMs(),
  };
}
