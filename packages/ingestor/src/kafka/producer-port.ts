import type { Config } from "../config.js";
import { createKafkaPort, type KafkaLogSink } from "./kafkajs.js";
import { createLibrdkafkaPort } from "./librdkafka.js";
import type { KafkaPort } from "./port.js";
import { spawnProducerWorker, WorkerKafkaPort } from "./worker-port.js";

export interface ProducerPort {
  readonly port: KafkaPort;
  /** Milliseconds the producer's own thread has been busy, when it has one (kafkajs on a worker thread). */
  readonly loopBusyMs?: () => number | undefined;
}

/**
 * The KafkaPort for the configured client: librdkafka (its own threads, its own batching), or kafkajs on a
 * worker thread (KAFKA_PRODUCER_THREAD=worker) or on the HTTP thread.
 */
export function createProducerPort(
  config: Config["kafka"],
  log: KafkaLogSink,
  onThreadExit: (code: number) => void,
): ProducerPort {
  if (config.client === "librdkafka") return { port: createLibrdkafkaPort(config, log) };
  if (config.producerThread === "main") return { port: createKafkaPort(config, log) };
  const thread = new WorkerKafkaPort({
    spawn: () => spawnProducerWorker(config),
    log,
    onUnexpectedExit: onThreadExit,
  });
  return { port: thread, loopBusyMs: () => thread.loopBusyMs() };
}
