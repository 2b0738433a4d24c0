// K_client: one Kafka client alone (kafka-clients.ts) producing the records the ingestor writes for S2/S3
// events (CloudEvents binary mode, same sizes), in batches, acks=-1, as fast as it can. In its own process.
import { isRunKafkaCeilingMessage, type KafkaCeilingReply, type KafkaCeilingSpec } from "../ipc.js";
import { ceilingBatches } from "../scenarios.js";
import { percentile } from "../stats.js";
import type { KafkaCeilingResult } from "../types.js";
import { isKafkaClientName, KAFKA_CLIENTS } from "./kafka-clients.js";

async function produce(spec: KafkaCeilingSpec): Promise<KafkaCeilingResult> {
  if (!isKafkaClientName(spec.client)) throw new Error(`unknown Kafka client '${spec.client}'`);
  const producer = await KAFKA_CLIENTS[spec.client].connect(spec);
  const batches = ceilingBatches(spec.batchRecords, spec.partitions, new Date());
  const start = performance.now();
  const warmupEnd = start + spec.warmupSeconds * 1000;
  const end = warmupEnd + spec.durationSeconds * 1000;
  let warmupRecords = 0;
  let measuredRecords = 0;
  let lastAck = warmupEnd;
  let next = 0;
  const latencies: number[] = [];
  const phaseTimer = setTimeout(
    () => process.send?.({ kind: "phase", phase: "measured" }),
    spec.warmupSeconds * 1000,
  );
  const loop = async () => {
    while (performance.now() < end) {
      const records = batches[next++ % batches.length] ?? [];
      const t0 = performance.now();
      await producer.send(records);
      const t1 = performance.now();
      if (t1 <= warmupEnd) {
        warmupRecords += records.length;
      } else {
        measuredRecords += records.length;
        latencies.push(t1 - t0);
        lastAck = t1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: spec.concurrency }, loop));
    process.send?.({ kind: "phase", phase: "measured-end" });
  } finally {
    clearTimeout(phaseTimer);
    await producer.disconnect();
  }
  return {
    warmupRecords,
    measuredRecords,
    measuredSeconds: (lastAck - warmupEnd) / 1000,
    batches: latencies.length,
    p50BatchMs: Math.round(percentile(latencies, 50) * 10) / 10,
    p99BatchMs: Math.round(percentile(latencies, 99) * 10) / 10,
  };
}

function reply(message: KafkaCeilingReply): void {
  process.send?.(message);
}

// Only as the forked ceiling process: importing this module starts nothing.
if (process.env["BENCH_CHILD"] === "kafka-ceiling") {
  process.on("message", (message: unknown) => {
    if (!isRunKafkaCeilingMessage(message)) return;
    produce(message.spec).then(
      (result) => {
        reply({ kind: "result", result });
      },
      (err: unknown) => {
        reply({ kind: "error", message: err instanceof Error ? err.message : String(err) });
      },
    );
  });
}
