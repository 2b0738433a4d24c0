import { describe, expect, it } from "vitest";
import { plainEnv } from "./app-args.js";
import { parseKafkaSettings } from "./kafka-settings.js";
import { deployProblems, parseStackSettings, requiredSecretKeys, type RawStackConfig } from "./settings.js";

const raw = (kafka: unknown): RawStackConfig => ({
  stack: "aws",
  cloud: undefined,
  imageTag: undefined,
  app: { allowAnonymous: true },
  kafka,
});
function parse(value: unknown): { settings: unknown; problems: string[] } {
  const problems: string[] = [];
  return { settings: parseKafkaSettings(value, problems), problems };
}

describe("kafka.mode", () => {
  it("is managed when unset: a new stack needs no Kafka setting at all", () => {
    expect(parse(undefined)).toEqual({
      settings: { mode: "managed", topic: "events", dlqTopic: "events.dlq", partitions: 6 },
      problems: [],
    });
    expect(parse({ mode: "managed", topic: "orders", dlqTopic: "orders.dlq", partitions: "12" })).toEqual({
      settings: { mode: "managed", topic: "orders", dlqTopic: "orders.dlq", partitions: 12 },
      problems: [],
    });
  });

  it("refuses an external Kafka's address and SASL in managed mode, saying how to use an external one", () => {
    expect(
      parse({ bootstrapServers: "b1.kafka.acme-corp.net:9096", saslMechanism: "plain" }).problems,
    ).toEqual([
      "event-ingestor:kafka.bootstrapServers applies only to an external Kafka (kafka.mode external); managed Kafka's address and authentication come from the cloud: remove it, or set kafka.mode to external",
      "event-ingestor:kafka.saslMechanism applies only to an external Kafka (kafka.mode external); managed Kafka's address and authentication come from the cloud: remove it, or set kafka.mode to external",
    ]);
  });

  it("refuses partitions for an external Kafka, an unknown mode, topic names Kafka refuses and the same topic twice", () => {
    expect(parse({ mode: "external", bootstrapServers: "b:9092", partitions: 3 }).problems).toEqual([
      "event-ingestor:kafka.partitions applies only to topics the stack creates: managed Kafka, or an external one with kafka.createTopics true",
    ]);
    expect(parse({ mode: "serverless" }).problems).toEqual([
      'event-ingestor:kafka.mode must be one of managed, external, got "serverless"',
    ]);
    expect(parse({ topic: "a b", dlqTopic: "events", partitions: 33 }).problems).toEqual([
      "event-ingestor:kafka.dlqTopic must differ from topic",
      'event-ingestor:kafka.topic must match ^[A-Za-z0-9._-]{1,249}$, got "a b"',
      "event-ingestor:kafka.partitions must be an integer from 1 to 32, got 33",
    ]);
  });

  it("needs no Kafka secret in managed mode, and refuses stray ones so no unused password sits in the stack", () => {
    const settings = parseStackSettings(raw({ mode: "managed" }));
    expect(requiredSecretKeys(settings.kafka)).toEqual([]);
    expect(deployProblems(settings, new Set())).toEqual([]);
    expect(deployProblems(settings, new Set(["kafkaPassword", "kafkaCaPem", "apiKeys"]))).toEqual([
      "event-ingestor:kafkaPassword is not used with kafka.mode managed (the pods authenticate with their workload identity): remove it with `pulumi config rm kafkaPassword --stack aws`, or set kafka.mode to external",
      "event-ingestor:kafkaCaPem is not used with kafka.mode managed (the pods authenticate with their workload identity): remove it with `pulumi config rm kafkaCaPem --stack aws`, or set kafka.mode to external",
    ]);
  });

  it("keeps external mode as it was: bootstrap servers, TLS, SASL with secrets", () => {
    const settings = parseStackSettings(
      raw({
        mode: "external",
        bootstrapServers: "b1.kafka.acme-corp.net:9096",
        saslMechanism: "scram-sha-512",
      }),
    );
    expect(settings.kafka).toEqual({
      mode: "external",
      topic: "events",
      dlqTopic: "events.dlq",
      bootstrapServers: "b1.kafka.acme-corp.net:9096",
      tls: true,
      saslMechanism: "scram-sha-512",
      createTopics: false,
      partitions: 6,
    });
    expect(requiredSecretKeys(settings.kafka)).toEqual(["kafkaUsername", "kafkaPassword"]);
  });

  it("runs the topics Job for an external Kafka only when asked (kafka.createTopics), with its partitions", () => {
    const ask = (extra: Record<string, unknown>) =>
      parseStackSettings(
        raw({ mode: "external", bootstrapServers: "b1.kafka.acme-corp.net:9096", ...extra }),
      );
    const settings = ask({ createTopics: true, partitions: 12 });
    expect(settings.kafka).toMatchObject({ mode: "external", createTopics: true, partitions: 12 });
    expect(plainEnv(settings)).toMatchObject({ KAFKA_TOPIC_PARTITIONS: "12" });
    expect(plainEnv(ask({}))).not.toHaveProperty("KAFKA_TOPIC_PARTITIONS");
  });
});
