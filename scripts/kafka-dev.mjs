#!/usr/bin/env node
// Kafka for developers without a JDK: the kafkajs the ingestor already installs, against KAFKA_BROKERS (or the
// local broker's address). `make consume` and `make kafka-check` use it; scripts/kafka.sh runs the broker itself.
//
//   node scripts/kafka-dev.mjs check            exit 1 with one line when the cluster does not answer
//   node scripts/kafka-dev.mjs consume TOPIC    print TOPIC's records from the beginning up to its end, then exit
import { createRequire } from "node:module";
import process from "node:process";
import { URL } from "node:url";

const require = createRequire(new URL("../packages/ingestor/package.json", import.meta.url));
const { Kafka, logLevel } = require("kafkajs");

const brokers = (process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.EI_KAFKA_PORT || 9092}`).split(",");
const fail = (line) => {
  process.stderr.write(`kafka: ${line}\n`);
  process.exit(1);
};
// kafkajs 2.2.4 on Node 24: see packages/ingestor/src/lifecycle/warnings.ts.
process.removeAllListeners("warning");
process.on("warning", (w) => {
  if (w.name !== "TimeoutNegativeWarning") process.stderr.write(`kafka: ${w.name}: ${w.message}\n`);
});
const kafka = new Kafka({
  clientId: "event-ingestor-dev",
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3_000,
  retry: { retries: 1 },
});

async function connected(client) {
  try {
    await client.connect();
  } catch (err) {
    fail(
      `cannot reach Kafka at ${brokers.join(",")} (${err.message}); start it with \`make kafka-up\` or set KAFKA_BROKERS`,
    );
  }
  return client;
}

const text = (buf) => (buf === null || buf === undefined ? "null" : buf.toString("utf8"));

async function consume(topic) {
  const admin = await connected(kafka.admin());
  const topics = await admin.listTopics();
  if (!topics.includes(topic))
    fail(`topic ${topic} does not exist at ${brokers.join(",")}; create it with \`make topics\``);
  // Read up to the end as it is now, then stop: a dev tool that returns, not a tail.
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([p]) => p));
  let printed = 0;
  if (pending.size > 0) {
    const consumer = await connected(
      kafka.consumer({ groupId: `event-ingestor-dev-${process.pid}-${Date.now()}` }),
    );
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve) => {
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers = Object.entries(message.headers ?? {})
            .map(([k, v]) => `${k}=${text(v)}`)
            .join(",");
          process.stdout.write(
            `${partition}:${message.offset}\t${text(message.key)}\t${headers}\t${text(message.value)}\n`,
          );
          printed++;
          if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) pending.delete(partition);
          if (pending.size === 0) resolve();
        },
      });
    });
    await consumer.disconnect();
  }
  process.stderr.write(`kafka: ${printed} record(s) in ${topic} (partition:offset, key, headers, value)\n`);
}

const [command, arg] = process.argv.slice(2);
if (command === "check") {
  const admin = await connected(kafka.admin());
  await admin.disconnect();
} else if (command === "consume" && arg) {
  await consume(arg);
} else {
  fail("usage: kafka-dev.mjs check | consume TOPIC");
}
