import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../config.js";
import { librdkafkaConfig } from "../librdkafka-config.js";
import { saslOptions } from "../kafkajs.js";
import { kafkajsOAuthBearer, librdkafkaTokenRefresh } from "./clients.js";
import type { KafkaToken, TokenSource } from "./token.js";

const TOKEN: KafkaToken = { value: "the-token", expiresAt: 1_764_655_200_000, principal: "svc@example" };
const tokens = (): TokenSource => ({ token: () => Promise.resolve(TOKEN) });

const cloud = loadConfig(
  {
    KAFKA_BROKERS: "b-1.msk.eu-west-1.amazonaws.com:9098",
    KAFKA_SASL_MECHANISM: "aws-msk-iam",
    AWS_REGION: "eu-west-1",
    KAFKA_CLIENT: "librdkafka",
  },
  () => "",
).kafka;

describe("the token in each Kafka client", () => {
  it("kafkajs: SASL oauthbearer whose provider answers { value } from the token source on every authentication", async () => {
    const token = vi.fn(() => Promise.resolve(TOKEN));
    const sasl = kafkajsOAuthBearer({ token });
    expect(sasl.mechanism).toBe("oauthbearer");
    const provider = (sasl as { oauthBearerProvider: () => Promise<unknown> }).oauthBearerProvider;
    expect(await provider()).toEqual({ value: "the-token" });
    await provider();
    expect(token).toHaveBeenCalledTimes(2);
  });

  it("kafkajs: the cloud mechanisms map to oauthbearer, and need a token source", () => {
    expect(saslOptions({ mechanism: "oauthbearer-gcp" }, tokens()).mechanism).toBe("oauthbearer");
    expect(() => saslOptions({ mechanism: "oauthbearer-gcp" }, undefined)).toThrow("needs a token source");
  });

  it("librdkafka: the refresh callback resolves { tokenValue, lifetime (absolute ms), principal }", async () => {
    const cb = librdkafkaTokenRefresh(tokens());
    expect(await cb("")).toEqual({
      tokenValue: "the-token",
      lifetime: 1_764_655_200_000,
      principal: "svc@example",
    });
  });

  it("librdkafka: SASL_SSL + OAUTHBEARER with the refresh callback, no username or password", async () => {
    const conf = librdkafkaConfig(cloud, {}, tokens());
    expect(conf).toMatchObject({ "security.protocol": "sasl_ssl", "sasl.mechanisms": "OAUTHBEARER" });
    expect(conf).not.toHaveProperty("sasl.username");
    expect(conf).not.toHaveProperty("sasl.password");
    const cb = conf.oauthbearer_token_refresh_cb as (config: string) => Promise<unknown>;
    await expect(cb("")).resolves.toMatchObject({ tokenValue: "the-token" });
    expect(() => librdkafkaConfig(cloud)).toThrow("SASL aws-msk-iam needs a token source");
  });
});
