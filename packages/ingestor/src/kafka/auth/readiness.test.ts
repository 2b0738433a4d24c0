import { Writable } from "node:stream";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config.js";
import { uuidv7 } from "../../events/ids.js";
import { createMetrics } from "../../metrics.js";
import { createService } from "../../service.js";
import { FakeKafkaPort } from "../../testing/fake-port.js";
import { DLQ_TOPIC, errorCode, json, RECEIVED_AT, TOPIC } from "../../testing/harness.js";
import { withKafkaAuth } from "./port.js";
import { TokenManager, type KafkaToken } from "./token.js";

const HOUR = 3_600_000;
const managers: TokenManager[] = [];

afterEach(() => {
  for (const m of managers.splice(0)) m.stop();
});

/**
 * The service wired as main.ts wires it (harness.ts' recipe), with a cloud mechanism: the fake port behind
 * withKafkaAuth, as createProducerPort puts it, and a token manager over a fake credential source on a
 * clock the test moves (no timer fires during the test: retries are an hour apart).
 */
async function cloudService(options: { failFirst?: boolean } = {}) {
  const config = loadConfig(
    {
      KAFKA_BROKERS: "b-1.msk.eu-west-1.amazonaws.com:9098",
      KAFKA_LINGER_MS: "0",
      KAFKA_SASL_MECHANISM: "aws-msk-iam",
      AWS_REGION: "eu-west-1",
    },
    () => {
      throw new Error("no files in unit tests");
    },
  );
  let clock = Date.UTC(2026, 11, 2, 5, 0, 0);
  let failing: Error | undefined = options.failFirst === true ? new Error("no credentials yet") : undefined;
  let n = 0;
  const fetch = (): Promise<KafkaToken> => {
    if (failing !== undefined) return Promise.reject(failing);
    n++;
    return Promise.resolve({
      value: `token-${n}`,
      expiresAt: clock + 900_000,
      principal: "aws-msk-iam:eu-west-1",
    });
  };
  const auth = new TokenManager({
    mechanism: "aws-msk-iam",
    fetch,
    now: () => clock,
    retryMs: HOUR,
    maxRetryMs: HOUR,
  });
  managers.push(auth);
  const fake = new FakeKafkaPort({ [TOPIC]: { partitions: 3 }, [DLQ_TOPIC]: { partitions: 1 } });
  const port = withKafkaAuth(fake, auth);
  const sink = new Writable({
    write: (_chunk, _enc, done) => {
      done();
    },
  });
  const service = createService({
    config,
    port,
    metrics: createMetrics(new Registry(), { defaultMetrics: false }),
    logger: pino({ level: "silent" }, sink),
    newId: () => uuidv7(),
    now: () => new Date(RECEIVED_AT),
  });
  await port.connect(); // starts the token manager, as main.ts' connect does
  await service.topics.refresh();
  return {
    ...service,
    fake,
    auth,
    advance: (ms: number) => (clock += ms),
    fail: () => (failing = new Error("Could not load credentials from any providers")),
    heal: () => (failing = undefined),
    readyz: async () => {
      const res = await service.app.request("/readyz");
      return { status: res.status, body: await json(res) };
    },
    post: (body: string) =>
      service.app.request("/events", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
      }),
  };
}

describe("readiness and answers with a cloud SASL mechanism", () => {
  it("/readyz lists kafkaAuth, passing once a token is at hand", async () => {
    const s = await cloudService();
    await s.auth.token();
    expect(await s.readyz()).toEqual({
      status: 200,
      body: {
        status: "ready",
        checks: {
          producerConnected: true,
          topicsExist: true,
          topicsDurable: true,
          notDraining: true,
          kafkaAuth: true,
        },
      },
    });
    expect((await s.post('{"type":"a"}')).status).toBe(202);
  });

  it("a failed refresh fails /readyz at once (kafkaAuth, with the problem named) while events still land on the valid token", async () => {
    const s = await cloudService();
    await s.auth.token();
    s.fail();
    s.advance(720_000); // due: 80% of 900 s
    await s.auth.token(); // the refresh fails; the token has 3 minutes left and is still answered
    const { status, body } = await s.readyz();
    expect(status).toBe(503);
    expect(body["checks"]).toMatchObject({ kafkaAuth: false, producerConnected: true });
    expect(body["problems"]).toEqual([
      "Kafka credentials (aws-msk-iam): the last token refresh failed; retrying (the log says why)",
    ]);
    expect(JSON.stringify(body)).not.toContain("Could not load credentials"); // internals stay in the log
    expect((await s.post('{"type":"a"}')).status).toBe(202);
  });

  it("once the token expired without a refresh, POST /events answers 503 KAFKA_UNAVAILABLE with Retry-After, no crash, nothing sent", async () => {
    const s = await cloudService();
    await s.auth.token();
    s.fail();
    s.advance(900_000);
    await expect(s.auth.token()).rejects.toThrow("Kafka token refresh failed");
    const sent = s.fake.calls.length;
    const res = await s.post('{"type":"a"}');
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).not.toBeNull();
    expect(await errorCode(res)).toBe("KAFKA_UNAVAILABLE");
    expect(s.fake.calls.length).toBe(sent);
    expect((await s.readyz()).status).toBe(503);
  });

  it("recovers when a refresh succeeds: ready again and events accepted", async () => {
    const s = await cloudService();
    await s.auth.token();
    s.fail();
    s.advance(900_000);
    await expect(s.auth.token()).rejects.toThrow();
    expect((await s.post('{"type":"a"}')).status).toBe(503);

    s.heal();
    expect((await s.auth.token()).value).toBe("token-2");
    // No traffic needed: the next metadata refresh (every KAFKA_METADATA_MAX_AGE_MS) clears the failed send's mark.
    await s.topics.refresh();
    expect(await s.readyz()).toMatchObject({
      status: 200,
      body: { checks: { kafkaAuth: true, producerConnected: true } },
    });
    expect((await s.post('{"type":"a"}')).status).toBe(202);
    expect(s.fake.records(TOPIC)).toHaveLength(1);
  });

  it("is not ready before the first token", async () => {
    const s = await cloudService({ failFirst: true });
    const { status, body } = await s.readyz();
    expect(status).toBe(503);
    expect(body).toMatchObject({
      checks: { kafkaAuth: false },
      problems: [
        "Kafka credentials (aws-msk-iam): the last token refresh failed; retrying (the log says why)",
      ],
    });
    expect((await s.post('{"type":"a"}')).status).toBe(503);
  });
});
