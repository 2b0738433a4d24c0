import kafkajs, { type ICustomPartitioner, type Message, type RecordMetadata } from "kafkajs";
import { ProduceError } from "../errors.js";
import { DELIVERED, type Delivery } from "./port.js";

const { Partitioners } = kafkajs;

/** A message with the batch's sticky number; the partitioner writes down where the message went. */
export interface PlannedMessage extends Message {
  readonly sticky: number;
}

interface Plan {
  partition: number;
  /** The partition was chosen again on a retry: kafkajs may have sent it nowhere (see below). */
  moved: boolean;
}

const plans = new WeakMap<Message, Plan>();

/**
 * kafkajs' partitioner, made to remember. Keyed messages go to murmur2(key) % partitions (kafkajs' default,
 * as the Java client does); keyless messages of one send() share one partition with a leader. The choice is
 * kept per message so a retry sends it to the same partition: kafkajs re-partitions on every retry but skips
 * brokers that already answered, so a message moved onto such a broker would be silently left out.
 */
export const createPlanningPartitioner: ICustomPartitioner = () => {
  const byKey = Partitioners.DefaultPartitioner();
  return (args) => {
    const { partitionMetadata, message } = args;
    const plan = plans.get(message);
    if (plan !== undefined && plan.partition < partitionMetadata.length) return plan.partition;
    let partition: number;
    if (message.key !== null && message.key !== undefined) partition = byKey(args);
    else {
      const withLeader = partitionMetadata.filter((p) => p.leader >= 0);
      const pool = withLeader.length > 0 ? withLeader : partitionMetadata;
      const sticky = (message as Partial<PlannedMessage>).sticky ?? 0;
      partition = pool[sticky % pool.length]?.partitionId ?? 0;
    }
    if (plan === undefined) plans.set(message, { partition, moved: false });
    else {
      plan.partition = partition;
      plan.moved = true;
    }
    return partition;
  };
};

/**
 * One outcome per message from the broker's per-partition answers. A message is delivered only when its
 * partition answered without error and it was not moved between attempts; kafkajs resolves a send even when
 * it wrote nothing for a partition its metadata does not list (findLeaderForPartitions skips it), which lost
 * acknowledged events after partitions were added to a topic.
 */
export function verifyAcks(
  topic: string,
  messages: readonly Message[],
  acks: readonly RecordMetadata[],
): Delivery[] {
  const acked = new Set<number>();
  for (const a of acks) if (a.topicName === topic && a.errorCode === 0) acked.add(a.partition);
  let missing: Delivery | undefined;
  return messages.map((m) => {
    const plan = plans.get(m);
    if (plan !== undefined && !plan.moved && acked.has(plan.partition)) return DELIVERED;
    missing ??= {
      ok: false,
      error: new ProduceError(
        `partition ${plan?.partition ?? "?"} of ${topic} did not acknowledge the records (stale metadata)`,
        true,
        "broker",
      ),
    };
    return missing;
  });
}
