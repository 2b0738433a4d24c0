import { describe, expect, it } from "vitest";
import { problemsOf } from "../../../test/support/config.js";
import { loadConfig } from "../../config.js";

const noFiles = (): string => {
  throw new Error("no files");
};
const BROKERS = { KAFKA_BROKERS: "b-1.msk.eu-west-1.amazonaws.com:9098" };

describe("KAFKA_SASL_MECHANISM with a cloud identity", () => {
  it("aws-msk-iam takes the region from AWS_REGION, needs no username or password, and turns TLS on", () => {
    const c = loadConfig(
      { ...BROKERS, KAFKA_SASL_MECHANISM: "aws-msk-iam", AWS_REGION: "eu-west-1" },
      noFiles,
    );
    expect(c.kafka.sasl).toEqual({ mechanism: "aws-msk-iam", region: "eu-west-1" });
    expect(c.kafka.ssl).toEqual({ rejectUnauthorized: true });
  });

  it("aws-msk-iam without AWS_REGION says what is needed and where credentials come from", () => {
    expect(problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: "aws-msk-iam" })).toEqual([
      "AWS_REGION: is required with KAFKA_SASL_MECHANISM=aws-msk-iam: the MSK cluster's region (e.g. eu-west-1), which the token is signed for; credentials come from the AWS default chain (EKS Pod Identity, IRSA, environment, instance role)",
    ]);
    expect(problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: "aws-msk-iam", AWS_REGION: "Ireland" })).toEqual([
      'AWS_REGION: "Ireland" is not an AWS region such as eu-west-1',
    ]);
  });

  it("refuses KAFKA_SSL=false with a cloud mechanism, and a username or password, each with its reason", () => {
    expect(
      problemsOf({
        ...BROKERS,
        KAFKA_SASL_MECHANISM: "oauthbearer-gcp",
        KAFKA_SSL: "false",
        KAFKA_SASL_USERNAME: "u",
        KAFKA_SASL_PASSWORD: "p",
      }),
    ).toEqual([
      "KAFKA_SASL_USERNAME: must not be set: KAFKA_SASL_MECHANISM=oauthbearer-gcp authenticates with an access token from Google application default credentials",
      "KAFKA_SASL_PASSWORD: must not be set: KAFKA_SASL_MECHANISM=oauthbearer-gcp authenticates with an access token from Google application default credentials",
      "KAFKA_SSL: must not be false with KAFKA_SASL_MECHANISM=oauthbearer-gcp: its OAUTHBEARER token is a bearer credential and the cloud accepts it over TLS only (unset KAFKA_SSL or set it to true)",
    ]);
  });

  it("oauthbearer-gcp needs nothing more: the default credentials name the service account", () => {
    const c = loadConfig(
      {
        KAFKA_BROKERS: "bootstrap.c1.us-central1.managedkafka.p.cloud.goog:9092",
        KAFKA_SASL_MECHANISM: "oauthbearer-gcp",
        KAFKA_SSL: "true",
      },
      noFiles,
    );
    expect(c.kafka.sasl).toEqual({ mechanism: "oauthbearer-gcp" });
  });

  it("oauthbearer-azure derives the scope from an Event Hubs broker, or from KAFKA_AZURE_EVENTHUBS_NAMESPACE", () => {
    const fromBroker = loadConfig(
      {
        KAFKA_BROKERS: "my-namespace.servicebus.windows.net:9093",
        KAFKA_SASL_MECHANISM: "oauthbearer-azure",
      },
      noFiles,
    );
    expect(fromBroker.kafka.sasl).toEqual({
      mechanism: "oauthbearer-azure",
      scope: "https://my-namespace.servicebus.windows.net/.default",
    });
    const named = (ns: string) =>
      loadConfig(
        {
          KAFKA_BROKERS: "10.0.0.4:9093",
          KAFKA_SASL_MECHANISM: "oauthbearer-azure",
          KAFKA_AZURE_EVENTHUBS_NAMESPACE: ns,
        },
        noFiles,
      ).kafka.sasl;
    expect(named("other-ns")).toEqual({
      mechanism: "oauthbearer-azure",
      scope: "https://other-ns.servicebus.windows.net/.default",
    });
    expect(named("other-ns.servicebus.chinacloudapi.cn")).toEqual({
      mechanism: "oauthbearer-azure",
      scope: "https://other-ns.servicebus.chinacloudapi.cn/.default",
    });
  });

  it("oauthbearer-azure without an Event Hubs broker or namespace says which setting to add", () => {
    expect(problemsOf({ KAFKA_BROKERS: "10.0.0.4:9093", KAFKA_SASL_MECHANISM: "oauthbearer-azure" })).toEqual(
      [
        "KAFKA_AZURE_EVENTHUBS_NAMESPACE: is required with KAFKA_SASL_MECHANISM=oauthbearer-azure when KAFKA_BROKERS is not <namespace>.servicebus.windows.net:9093: the Event Hubs namespace (my-namespace or my-namespace.servicebus.windows.net) whose https://<namespace>.servicebus.windows.net/.default scope the Entra ID token is for",
      ],
    );
    expect(
      problemsOf({
        KAFKA_BROKERS: "10.0.0.4:9093",
        KAFKA_SASL_MECHANISM: "oauthbearer-azure",
        KAFKA_AZURE_EVENTHUBS_NAMESPACE: "https://x",
      }),
    ).toEqual([
      'KAFKA_AZURE_EVENTHUBS_NAMESPACE: "https://x" is neither an Event Hubs namespace name (6-50 letters, digits, hyphens) nor its host (<namespace>.servicebus.windows.net)',
    ]);
  });

  it("lists a cloud mechanism's problems with the others, even when KAFKA_BROKERS itself is invalid", () => {
    const problems = problemsOf({ KAFKA_BROKERS: "nope", KAFKA_SASL_MECHANISM: "aws-msk-iam", PORT: "x" });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^KAFKA_BROKERS/),
        expect.stringMatching(/^PORT/),
        expect.stringMatching(/^AWS_REGION: is required/),
      ]),
    );
  });

  it("leaves plain / SCRAM as they were: mechanism, username and password together, TLS off unless asked", () => {
    const c = loadConfig(
      { ...BROKERS, KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u", KAFKA_SASL_PASSWORD: "p" },
      noFiles,
    );
    expect(c.kafka.sasl).toEqual({ mechanism: "plain", username: "u", password: "p" });
    expect(c.kafka.ssl).toBe(false);
    expect(problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: "scram-sha-512" })).toEqual([
      "KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set together",
    ]);
    // AWS_REGION in the environment means nothing without aws-msk-iam.
    expect(loadConfig({ ...BROKERS, AWS_REGION: "anything" }, noFiles).kafka.sasl).toBeUndefined();
  });
});
