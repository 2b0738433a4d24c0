import { describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { createProducerPort } from "../producer-port.js";
import { kafkaAuthOf } from "./port.js";

const config = (env: Record<string, string>) =>
  loadConfig({ KAFKA_BROKERS: "b-1.msk.eu-west-1.amazonaws.com:9098", ...env }, () => "").kafka;
const AWS = { KAFKA_SASL_MECHANISM: "aws-msk-iam", AWS_REGION: "eu-west-1" };

describe("createProducerPort with a cloud SASL mechanism", () => {
  it.each([
    ["librdkafka", { KAFKA_CLIENT: "librdkafka" }],
    ["kafkajs on the HTTP thread", { KAFKA_CLIENT: "kafkajs", KAFKA_PRODUCER_THREAD: "main" }],
  ])("%s: the port carries the process's token manager for readiness", (_name, env) => {
    const { port } = createProducerPort(
      config({ ...AWS, ...env }),
      () => undefined,
      () => undefined,
    );
    expect(kafkaAuthOf(port)?.mechanism).toBe("aws-msk-iam");
    expect(kafkaAuthOf(port)?.status().ok).toBe(false); // nothing fetched before connect()
  });

  it("plain SASL: no token manager, no kafkaAuth readiness check", () => {
    const { port } = createProducerPort(
      config({
        KAFKA_SASL_MECHANISM: "plain",
        KAFKA_SASL_USERNAME: "u",
        KAFKA_SASL_PASSWORD: "p",
        KAFKA_PRODUCER_THREAD: "main",
      }),
      () => undefined,
      () => undefined,
    );
    expect(kafkaAuthOf(port)).toBeUndefined();
  });
});
