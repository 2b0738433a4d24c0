import { describe, expect, it } from "vitest";
import { parseStackSettings, requiredSecretKeys, StackConfigError, type RawStackConfig } from "./settings.js";

const kafka = { bootstrapServers: "b1.example.net:9096,b2.example.net:9096" };
const raw = (over: Partial<RawStackConfig>): RawStackConfig => ({
  stack: "aws",
  cloud: undefined,
  imageTag: undefined,
  app: undefined,
  kafka,
  ...over,
});

function problemsOf(input: RawStackConfig): readonly string[] {
  try {
    parseStackSettings(input);
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseStackSettings", () => {
  it("takes the cloud from event-ingestor:cloud, falling back to the stack name", () => {
    expect(parseStackSettings(raw({ stack: "gcp" })).cloud).toBe("gcp");
    expect(parseStackSettings(raw({ stack: "prod-eu", cloud: "azure" })).cloud).toBe("azure");
    expect(problemsOf(raw({ stack: "prod-eu" }))[0]).toMatch(
      /event-ingestor:cloud must be one of aws, gcp, azure/,
    );
  });

  it("fills the documented defaults: TLS on, no SASL, topics events / events.dlq, namespace event-ingestor", () => {
    const settings = parseStackSettings(raw({}));
    expect(settings.kafka).toEqual({
      bootstrapServers: kafka.bootstrapServers,
      topic: "events",
      dlqTopic: "events.dlq",
      tls: true,
      saslMechanism: undefined,
    });
    expect(settings.app).toMatchObject({
      namespace: "event-ingestor",
      minReplicas: 2,
      maxReplicas: 10,
      host: undefined,
    });
  });

  it("requires username and password secrets exactly when a SASL mechanism is set", () => {
    const sasl = parseStackSettings(raw({ kafka: { ...kafka, saslMechanism: "scram-sha-512" } }));
    expect(requiredSecretKeys(sasl.kafka)).toEqual(["kafkaUsername", "kafkaPassword"]);
    const none = parseStackSettings(raw({ kafka: { ...kafka, saslMechanism: "none" } }));
    expect(requiredSecretKeys(none.kafka)).toEqual([]);
  });

  it("lists every problem at once, unknown keys included", () => {
    const problems = problemsOf(
      raw({
        imageTag: "not a tag",
        kafka: { bootstrapServers: "no-port", saslMechanism: "gssapi", password: "x" },
        app: { minReplicas: 5, maxReplicas: 2, host: "Not_A_Host" },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/imageTag must be a Docker tag/),
        expect.stringMatching(/bootstrapServers must be a string matching/),
        expect.stringMatching(/saslMechanism must be one of/),
        expect.stringMatching(/kafka.password is not a known setting/),
        expect.stringMatching(/maxReplicas must be >= minReplicas/),
        expect.stringMatching(/app.host must be a string matching/),
      ]),
    );
  });

  it("requires the Kafka bootstrap servers", () => {
    expect(problemsOf(raw({ kafka: undefined }))).toEqual([
      "event-ingestor:kafka must be set, with at least bootstrapServers",
    ]);
    expect(problemsOf(raw({ kafka: { tls: false } }))).toContain(
      "event-ingestor:kafka.bootstrapServers is required (host:port,host:port)",
    );
  });

  it("keeps secrets and stack-managed settings out of app.env", () => {
    const problems = problemsOf(
      raw({
        app: {
          env: {
            KAFKA_SASL_PASSWORD: "x",
            API_KEYS_FILE: "/k",
            KAFKA_BROKERS: "a:1",
            MAX_BODY_BYTES: "1024",
          },
        },
      }),
    );
    expect(problems).toEqual([
      "event-ingestor:app.env.KAFKA_SASL_PASSWORD is a secret: set it with `pulumi config set --secret kafkaPassword`",
      "event-ingestor:app.env.API_KEYS_FILE is a secret: set it with `pulumi config set --secret apiKeys`",
      "event-ingestor:app.env.KAFKA_BROKERS is set from event-ingestor:kafka / app; set it there",
    ]);
  });
});
