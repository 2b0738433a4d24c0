// Deploy-time topic creation: `node packages/ingestor/dist/create-topics.js`, with the service's own settings
// (KAFKA_BROKERS, KAFKA_TOPIC, KAFKA_DLQ_TOPIC, TLS, SASL incl. the cloud mechanisms) and KAFKA_TOPIC_PARTITIONS.
// The Kubernetes component runs it as a Job before the Deployment where the cloud has no topic resource
// (MSK Serverless: only the Kafka admin API, through IAM, from inside the VPC). Exit 0: both topics exist.
import { readFileSync } from "node:fs";
import kafkajs from "kafkajs";
import { ConfigError, loadConfig } from "./config.js";
import { createKafkaAuth } from "./kafka/auth/index.js";
import { saslOptions } from "./kafka/kafkajs.js";
import { dropKafkajsTimerWarning } from "./lifecycle/warnings.js";
import { ensureTopics } from "./topics/ensure.js";

const say = (line: string) => process.stdout.write(`create-topics: ${line}\n`);

async function main(): Promise<number> {
  dropKafkajsTimerWarning((w) => process.stderr.write(`create-topics: ${w.name}: ${w.message}\n`));
  let config;
  try {
    config = loadConfig(process.env, (path) => readFileSync(path, "utf8"));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`create-topics: ${err.message}\n`);
    return 2;
  }
  const k = config.kafka;
  const auth = createKafkaAuth(k.sasl, (level, entry, message) => {
    if (level !== "debug") say(`${message} ${JSON.stringify(entry)}`);
  });
  const kafka = new kafkajs.Kafka({
    clientId: `${k.clientId}-create-topics`,
    brokers: [...k.brokers],
    ...(k.ssl === false ? {} : { ssl: { ...k.ssl } }),
    ...(k.sasl === undefined ? {} : { sasl: saslOptions(k.sasl, auth) }),
    requestTimeout: k.requestTimeoutMs,
    // A fresh cluster (or a fresh IAM grant) may take a while to answer: retry for about a minute, then let
    // the Job's backoff try again.
    retry: { retries: 8, initialRetryTime: 500, maxRetryTime: 10_000 },
    logLevel: kafkajs.logLevel.ERROR,
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = [k.topic, k.dlqTopic];
    const { created, existing } = await ensureTopics(admin, topics, k.topicPartitions);
    if (created.length > 0) say(`created ${created.join(", ")} (${k.topicPartitions} partitions each)`);
    if (existing.length > 0) say(`already present, left as they are: ${existing.join(", ")}`);
    return 0;
  } catch (err) {
    process.stderr.write(`create-topics: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await admin.disconnect().catch(() => undefined);
    auth?.stop();
  }
}

process.exitCode = await main();
