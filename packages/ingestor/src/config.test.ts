import { describe, expect, it } from "vitest";
import { noFiles, problemsOf } from "../test/support/config.js";
import { ConfigError, loadConfig, type ReadFile } from "./config.js";

const BASE = { KAFKA_BROKERS: "kafka-1:9092" };

function files(contents: Record<string, string>): ReadFile {
  return (path) => {
    const text = contents[path];
    if (text === undefined) return noFiles(path);
    return text;
  };
}

describe("loadConfig", () => {
  it("applies the documented defaults when only KAFKA_BROKERS is set", () => {
    const c = loadConfig(BASE, noFiles);
    expect(c.kafka).toEqual({
      brokers: ["kafka-1:9092"],
      client: "librdkafka",
      topic: "events",
      dlqTopic: "events.dlq",
      clientId: "event-ingestor",
      ssl: false,
      deliveryTimeoutMs: 10_000,
      requestTimeoutMs: 5_000,
      lingerMs: 5,
      metadataMaxAgeMs: 5_000,
      minIsrRequired: 2,
      topicPartitions: 6,
      batchMaxRecords: 500,
      batchMaxBytes: 921_600,
      idempotent: false,
      producerThread: "worker",
    });
    expect(c.http).toEqual({
      port: 8080,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxBodyBytes: 1_048_576,
      maxEventBytes: 262_144,
      maxBatchEvents: 1_000,
      maxInflightBytes: 67_108_864,
      maxJsonDepth: 64,
      apiKeys: [],
      corsOrigins: [],
      keyRateLimits: [],
    });
    expect(c.events).toEqual({ defaultSource: "/event-ingestor", dlqMaxPayloadBytes: 16_384 });
    expect(c.shutdown).toEqual({ delayMs: 5_000, timeoutMs: 25_000 });
    expect(c.logLevel).toBe("info");
  });

  it("parses lists, numbers and booleans from their string forms", () => {
    const c = loadConfig(
      {
        KAFKA_BROKERS: " a:9092, b:9093 ,",
        API_KEYS: "k1,k2",
        PORT: "9000",
        KAFKA_SSL: "yes",
        KAFKA_IDEMPOTENT: "1",
        KAFKA_SSL_REJECT_UNAUTHORIZED: "false",
      },
      noFiles,
    );
    expect(c.kafka.brokers).toEqual(["a:9092", "b:9093"]);
    expect(c.http.apiKeys).toEqual([
      { id: "key-6ab9f1eb", key: "k1" },
      { id: "key-015f7e6b", key: "k2" },
    ]);
    expect(c.http.port).toBe(9000);
    expect(c.kafka.ssl).toEqual({ rejectUnauthorized: false });
    expect(c.kafka.idempotent).toBe(true);
  });

  it("runs kafkajs on the HTTP thread only when KAFKA_PRODUCER_THREAD=main, and refuses other values", () => {
    expect(loadConfig({ ...BASE, KAFKA_PRODUCER_THREAD: "main" }, noFiles).kafka.producerThread).toBe("main");
    expect(problemsOf({ ...BASE, KAFKA_PRODUCER_THREAD: "both" })).toEqual([
      expect.stringMatching(/^KAFKA_PRODUCER_THREAD: /),
    ]);
  });

  it("treats empty values as unset, as a Kubernetes env entry with an empty value means", () => {
    const c = loadConfig({ ...BASE, PORT: "", KAFKA_TOPIC: "" }, noFiles);
    expect(c.http.port).toBe(8080);
    expect(c.kafka.topic).toBe("events");
  });

  it("lists every problem of several bad variables in one ConfigError", () => {
    const problems = problemsOf({
      KAFKA_BROKERS: "no-port-here",
      PORT: "eighty",
      LOG_LEVEL: "loud",
      KAFKA_SSL: "maybe",
      MAX_JSON_DEPTH: "1",
    });
    const vars = problems.map((p) => p.split(":")[0]);
    expect(vars).toEqual(
      expect.arrayContaining(["KAFKA_BROKERS.0", "PORT", "LOG_LEVEL", "KAFKA_SSL", "MAX_JSON_DEPTH"]),
    );
    expect(problems).toHaveLength(5);
  });

  it.each([
    ["PORT", " ", "must be a whole number"],
    ["PORT", "1e3", "must be a whole number"],
    ["PORT", "-1", "must be a whole number"],
    ["PORT", "65536", "65535"],
    ["KAFKA_BROKERS", "a:99999", "port 99999 is not within 1-65535"],
    ["KAFKA_BROKERS", "a:0", "port 0 is not within 1-65535"],
    ["SHUTDOWN_TIMEOUT_MS", "2147483648", "2147483647"],
    ["KAFKA_DELIVERY_TIMEOUT_MS", "9999999999", "2147483647"],
    ["HTTP_REQUEST_TIMEOUT_MS", "2147483648", "2147483647"],
    ["HTTP_HEADERS_TIMEOUT_MS", "40000", "must not exceed HTTP_REQUEST_TIMEOUT_MS"],
  ])("refuses %s=%j at start (%s)", (name, value, says) => {
    const problems = problemsOf({ ...BASE, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(says);
    expect(problems[0]?.split(":")[0]).toMatch(new RegExp(`^${name}`));
  });

  it("accepts the largest timer Node can hold, 2^31-1 ms", () => {
    const c = loadConfig(
      { ...BASE, SHUTDOWN_TIMEOUT_MS: "2147483647", HTTP_REQUEST_TIMEOUT_MS: "2147483647" },
      noFiles,
    );
    expect(c.shutdown.timeoutMs).toBe(2_147_483_647);
    expect(c.http.requestTimeoutMs).toBe(2_147_483_647);
  });

  it("reports a missing KAFKA_BROKERS", () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^KAFKA_BROKERS: /)]);
  });

  it("names every problem in the error message, one per line", () => {
    try {
      loadConfig({ PORT: "-1" }, noFiles);
      expect.unreachable("loadConfig accepted the environment");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as ConfigError).message;
      expect(message).toMatch(/^invalid configuration:\n/);
      expect(message).toMatch(/\n {2}- KAFKA_BROKERS: /);
      expect(message).toMatch(/\n {2}- PORT: /);
    }
  });

  it("reports cross-variable rules together with single-variable problems", () => {
    const problems = problemsOf({ ...BASE, PORT: "x", KAFKA_SASL_MECHANISM: "plain" });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: /),
        expect.stringMatching(/^KAFKA_SASL_MECHANISM: .*must be set together/),
      ]),
    );
  });

  it("refuses limits that contradict each other", () => {
    const problems = problemsOf({
      ...BASE,
      MAX_BODY_BYTES: "1000",
      MAX_EVENT_BYTES: "2000",
      KAFKA_BATCH_MAX_BYTES: "1500",
      SHUTDOWN_DELAY_MS: "30000",
      SHUTDOWN_TIMEOUT_MS: "20000",
    });
    expect(problems).toEqual([
      "MAX_EVENT_BYTES: must not exceed MAX_BODY_BYTES",
      "KAFKA_BATCH_MAX_BYTES: must be at least MAX_EVENT_BYTES (one event must fit a batch)",
      "SHUTDOWN_DELAY_MS: must be below SHUTDOWN_TIMEOUT_MS",
    ]);
  });

  describe("SASL", () => {
    it.each([
      ["only the mechanism", { KAFKA_SASL_MECHANISM: "plain" }],
      ["no password", { KAFKA_SASL_MECHANISM: "scram-sha-256", KAFKA_SASL_USERNAME: "u" }],
      ["no mechanism", { KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" }],
    ])("refuses %s: mechanism, username and password must be set together", (_, sasl) => {
      expect(problemsOf({ ...BASE, ...sasl })).toEqual([
        "KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together",
      ]);
    });

    it.each(["plain", "scram-sha-256", "scram-sha-512"] as const)("accepts the %s mechanism", (mechanism) => {
      const c = loadConfig(
        { ...BASE, KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" },
        noFiles,
      );
      expect(c.kafka.sasl).toEqual({ mechanism, username: "u", password: "p" });
    });

    it("leaves SASL off when none of the three is set", () => {
      expect(loadConfig(BASE, noFiles).kafka.sasl).toBeUndefined();
    });
  });

  describe("*_FILE secrets", () => {
    it("reads secrets through the injected readFile, trimming the trailing newline", () => {
      const c = loadConfig(
        {
          ...BASE,
          KAFKA_SASL_MECHANISM: "scram-sha-512",
          KAFKA_SASL_USERNAME_FILE: "/secrets/user",
          KAFKA_SASL_PASSWORD_FILE: "/secrets/pass",
          API_KEYS_FILE: "/secrets/keys",
        },
        files({ "/secrets/user": "svc\n", "/secrets/pass": "s3cret\n", "/secrets/keys": "a,b\n" }),
      );
      expect(c.kafka.sasl).toEqual({ mechanism: "scram-sha-512", username: "svc", password: "s3cret" });
      expect(c.http.apiKeys.map((k) => k.key)).toEqual(["a", "b"]);
    });

    it("reads the CA bundle from KAFKA_SSL_CA_FILE verbatim", () => {
      const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
      const c = loadConfig(
        { ...BASE, KAFKA_SSL: "true", KAFKA_SSL_CA_FILE: "/etc/ca.pem" },
        files({ "/etc/ca.pem": pem }),
      );
      expect(c.kafka.ssl).toEqual({ rejectUnauthorized: true, ca: pem });
    });

    it("refuses NAME and NAME_FILE set together", () => {
      const problems = problemsOf(
        { ...BASE, API_KEYS: "k", API_KEYS_FILE: "/secrets/keys" },
        files({ "/secrets/keys": "other" }),
      );
      expect(problems).toEqual(["API_KEYS and API_KEYS_FILE are both set; set only one"]);
    });

    it("reports an unreadable file with its path and error code, alongside other problems", () => {
      const problems = problemsOf({ KAFKA_SASL_PASSWORD_FILE: "/missing", PORT: "70000" });
      expect(problems).toEqual(
        expect.arrayContaining([
          "KAFKA_SASL_PASSWORD_FILE: cannot read /missing (ENOENT)",
          expect.stringMatching(/^KAFKA_BROKERS: /),
          expect.stringMatching(/^PORT: /),
        ]),
      );
    });
  });

  it("returns a deeply frozen configuration", () => {
    const c = loadConfig({ ...BASE, API_KEYS: "k" }, noFiles);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.kafka)).toBe(true);
    expect(Object.isFrozen(c.kafka.brokers)).toBe(true);
    expect(Object.isFrozen(c.http.apiKeys)).toBe(true);
    expect(() => {
      (c.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });
});
