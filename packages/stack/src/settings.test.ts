import { describe, expect, it } from "vitest";
import {
  deployProblems,
  parseStackSettings,
  requiredSecretKeys,
  StackConfigError,
  type RawStackConfig,
} from "./settings.js";

const kafka = {
  mode: "external",
  bootstrapServers: "b1.kafka.acme-corp.net:9096,b2.kafka.acme-corp.net:9096",
};
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
      mode: "external",
      bootstrapServers: kafka.bootstrapServers,
      topic: "events",
      dlqTopic: "events.dlq",
      tls: true,
      saslMechanism: undefined,
      createTopics: false,
      partitions: 6,
    });
    expect(settings.app).toMatchObject({
      namespace: "event-ingestor",
      minReplicas: 2,
      maxReplicas: 10,
      host: undefined,
      // Every cloud's dataplane enforces NetworkPolicy.
      networkPolicy: true,
      // Managed Prometheus is billed per sample: on only when asked for.
      metrics: "none",
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
        kafka: { mode: "external", bootstrapServers: "no-port", saslMechanism: "gssapi", password: "x" },
        app: { minReplicas: 5, maxReplicas: 2, host: "Not_A_Host" },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/imageTag must be a Docker tag/),
        expect.stringMatching(/bootstrapServers must match \^/),
        expect.stringMatching(/saslMechanism must be one of/),
        expect.stringMatching(/kafka.password is not a known setting/),
        expect.stringMatching(/maxReplicas must be >= minReplicas/),
        expect.stringMatching(/app.host must match \^/),
      ]),
    );
  });

  it("names a replica count's lower bound, and reports an invalid host as such, not as missing for tls", () => {
    expect(problemsOf(raw({ app: { minReplicas: 0, host: "Not_A_Host", tls: true } }))).toEqual([
      `event-ingestor:app.host must match ${String.raw`^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$`}, got "Not_A_Host"`,
      "event-ingestor:app.minReplicas must be an integer >= 1, got 0",
    ]);
  });

  it("requires the bootstrap servers of an external Kafka", () => {
    expect(problemsOf(raw({ kafka: { mode: "external", tls: false } }))).toEqual([
      "event-ingestor:kafka.bootstrapServers is required with kafka.mode external (host:port,host:port)",
    ]);
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

  it("takes app.tls and app.allowAnonymous, both off by default, and refuses TLS without a host", () => {
    expect(parseStackSettings(raw({})).app).toMatchObject({ tls: false, allowAnonymous: false });
    expect(
      parseStackSettings(raw({ app: { host: "events.acme-corp.net", tls: "true", allowAnonymous: true } }))
        .app,
    ).toMatchObject({ host: "events.acme-corp.net", tls: true, allowAnonymous: true });
    expect(problemsOf(raw({ app: { tls: true } }))).toEqual([
      "event-ingestor:app.tls needs event-ingestor:app.host (the certificate's name)",
    ]);
  });

  it("takes app.metrics managed or none, nothing else", () => {
    expect(parseStackSettings(raw({ app: { metrics: "managed" } })).app.metrics).toBe("managed");
    expect(problemsOf(raw({ app: { metrics: "prometheus" } }))).toEqual([
      'event-ingestor:app.metrics must be one of none, managed, got "prometheus"',
    ]);
  });

  it("never lets app.env lower KAFKA_MIN_ISR_REQUIRED below 2 on a cloud stack", () => {
    for (const value of ["1", "0", "two"]) {
      expect(problemsOf(raw({ app: { env: { KAFKA_MIN_ISR_REQUIRED: value } } }))).toEqual([
        `event-ingestor:app.env.KAFKA_MIN_ISR_REQUIRED must be 2 or more on a cloud stack (1 is for a single-node dev broker), got "${value}"`,
      ]);
    }
    expect(parseStackSettings(raw({ app: { env: { KAFKA_MIN_ISR_REQUIRED: "3" } } })).app.env).toEqual({
      KAFKA_MIN_ISR_REQUIRED: "3",
    });
  });
});

describe("deployProblems", () => {
  const withKeys = new Set(["apiKeys"]);

  it("refuses a public ingress without API keys, naming both ways out", () => {
    const problems = deployProblems(parseStackSettings(raw({})), new Set());
    expect(problems).toEqual([
      'event-ingestor:apiKeys is not set and the ingress is public: set keys with `pulumi config set --secret apiKeys "$(openssl rand -hex 24)"`, or set event-ingestor:app.allowAnonymous to true to accept anonymous events on purpose',
    ]);
    expect(deployProblems(parseStackSettings(raw({})), withKeys)).toEqual([]);
  });

  it("accepts no API keys when app.allowAnonymous says so on purpose", () => {
    const settings = parseStackSettings(raw({ app: { allowAnonymous: true } }));
    expect(deployProblems(settings, new Set())).toEqual([]);
  });

  it("refuses the placeholder brokers and host the stack files ship with, with the key and command to set", () => {
    for (const bootstrapServers of [
      "b-1.example.abc123.c2.kafka.eu-west-1.amazonaws.com:9096,b-2.example.abc123.c2.kafka.eu-west-1.amazonaws.com:9096",
      "bootstrap.example.europe-west1.managedkafka.my-gcp-project.cloud.goog:9092",
      "my-namespace.servicebus.windows.net:9093",
    ]) {
      const settings = parseStackSettings(
        raw({ kafka: { mode: "external", bootstrapServers }, app: { host: "events.example.com" } }),
      );
      expect(deployProblems(settings, withKeys)).toEqual([
        `event-ingestor:kafka.bootstrapServers is still the placeholder ${JSON.stringify(bootstrapServers)}: set it with \`pulumi config set --path kafka.bootstrapServers host1:port,host2:port --stack aws\``,
        'event-ingestor:app.host is still the placeholder "events.example.com": set it with `pulumi config set --path app.host events.your-domain.com --stack aws`',
      ]);
    }
  });

  it("lists the SASL secrets a stack still has to set", () => {
    const settings = parseStackSettings(raw({ kafka: { ...kafka, saslMechanism: "plain" } }));
    expect(deployProblems(settings, new Set(["apiKeys", "kafkaUsername"]))).toEqual([
      "event-ingestor:kafkaPassword is required with kafka.saslMechanism plain: set it with `pulumi config set --secret kafkaPassword`",
    ]);
  });
});
