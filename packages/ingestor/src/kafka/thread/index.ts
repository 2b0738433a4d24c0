// The kafkajs producer thread, as the rest of the service sees it: a KafkaPort whose client runs on a worker
// thread (records cross packed in one transferable buffer, outcomes and errors cross in one form).
export {
  spawnProducerWorker,
  WorkerKafkaPort,
  type ThreadHandle,
  type WorkerPortOptions,
} from "./worker-port.js";
