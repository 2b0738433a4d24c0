import { ProduceError } from "../errors.js";
import { allFailed, type Delivery, type KafkaPort, type OutRecord } from "./port.js";

/** A port that answered fewer outcomes than records sent: never count the missing ones as written. */
const LOST: Delivery = {
  ok: false,
  error: new ProduceError("the Kafka client reported no outcome for the record", true, "unknown"),
};

export function toProduceError(err: unknown): ProduceError {
  if (err instanceof ProduceError) return err;
  return new ProduceError(err instanceof Error ? err.message : String(err), true, "unknown", { cause: err });
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ProduceError(`${what} not acknowledged within ${ms} ms`, true, "timeout"));
    }, ms);
  });
  // The send may still settle after the timeout; its result no longer matters, but must not go unhandled.
  promise.catch(() => undefined);
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One outcome per record; never rejects (a failed or timed-out request fails every record retriably). */
function sendOnce(
  port: KafkaPort,
  topic: string,
  records: readonly OutRecord[],
  timeoutMs: number,
): Promise<readonly Delivery[]> {
  return withTimeout(port.send(topic, records), timeoutMs, `${records.length} record(s) to ${topic}`).then(
    (deliveries) => records.map((_, i) => deliveries[i] ?? LOST),
    (err: unknown) => allFailed(records, toProduceError(err)),
  );
}

/**
 * Sends records and returns the final outcome of each. A permanent refusal of several records may be the
 * fault of one of them (Kafka refuses a partition's records together): those are sent again one by one so
 * only the culprits are rejected. Records the broker acknowledged are never sent twice.
 */
export async function deliver(
  port: KafkaPort,
  topic: string,
  records: readonly OutRecord[],
  timeoutMs: number,
): Promise<Delivery[]> {
  const first = [...(await sendOnce(port, topic, records, timeoutMs))];
  const refused = first.flatMap((d, i) => (!d.ok && !d.error.retriable ? [i] : []));
  if (refused.length < 2) return first;
  await Promise.all(
    refused.map(async (i) => {
      const record = records[i];
      if (record === undefined) return;
      const [alone] = await sendOnce(port, topic, [record], timeoutMs);
      first[i] = alone ?? LOST;
    }),
  );
  return first;
}
