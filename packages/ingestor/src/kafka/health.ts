import type { ProduceError } from "../errors.js";

/**
 * Whether Kafka is answering, as seen from real traffic and metadata refreshes. kafkajs reports no
 * disconnect when a broker dies under an open producer, so readiness cannot rely on its events alone.
 */
export class KafkaHealth {
  private failing = false;

  /** Records the outcome of a produce request or metadata call. */
  observe(error: ProduceError | undefined): void {
    if (error === undefined) this.failing = false;
    else if (error.retriable) this.failing = true;
  }

  get reachable(): boolean {
    return !this.failing;
  }
}
