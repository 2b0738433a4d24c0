import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { withAdmin } from "../support/kafka.js";

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL("../../dist/create-topics.js", import.meta.url));
const brokers = inject("kafkaBrokers");
const sasl = inject("kafkaSasl");

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built script as the Kubernetes Job does: its own process, settings from the environment only. */
async function createTopicsJob(env: Record<string, string>): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT], {
      env: { PATH: process.env["PATH"], ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function partitionsOf(topics: readonly string[]): Promise<Record<string, number>> {
  return withAdmin(brokers, async (admin) => {
    const { topics: meta } = await admin.fetchTopicMetadata({ topics: [...topics] });
    return Object.fromEntries(meta.map((t) => [t.name, t.partitions.length]));
  });
}

const names = (prefix: string) => {
  const id = randomUUID().slice(0, 8);
  return { topic: `${prefix}.events.${id}`, dlq: `${prefix}.dlq.${id}` };
};

interface Topics {
  readonly topic: string;
  readonly dlq: string;
}

/** The Job for `topics` on the plain listener, `env` added over (another listener, credentials, partitions). */
const jobFor = ({ topic, dlq }: Topics, env: Record<string, string> = {}): Promise<Outcome> =>
  createTopicsJob({ KAFKA_BROKERS: brokers, KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: dlq, ...env });

/** The Job on the SASL listener (SCRAM-SHA-512) as the development user, with `password`. */
const saslJob = (topics: Topics, password: string, env: Record<string, string> = {}): Promise<Outcome> =>
  jobFor(topics, {
    KAFKA_BROKERS: sasl.brokers,
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: sasl.username,
    KAFKA_SASL_PASSWORD: password,
    ...env,
  });

describe("create-topics.js (the deploy-time topics Job) on the real broker", () => {
  it("creates the main and dead-letter topics with KAFKA_TOPIC_PARTITIONS partitions", async () => {
    const { topic, dlq } = names("ct-new");
    const out = await jobFor({ topic, dlq }, { KAFKA_TOPIC_PARTITIONS: "4" });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(`create-topics: created ${topic}, ${dlq} (4 partitions each)\n`);
    // Nothing on stderr: kafkajs' negative-timer warning on Node 24 is dropped (lifecycle/warnings.ts).
    expect(out.stderr).toBe("");
    expect(await partitionsOf([topic, dlq])).toEqual({ [topic]: 4, [dlq]: 4 });
  });

  it("leaves existing topics exactly as they are on a second run, and creates only what is missing", async () => {
    const { topic, dlq } = names("ct-again");
    const first = await jobFor({ topic, dlq: `${dlq}.x` });
    expect(first.code).toBe(0);
    const second = await jobFor({ topic, dlq }, { KAFKA_TOPIC_PARTITIONS: "2" });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      `create-topics: created ${dlq} (2 partitions each)\ncreate-topics: already present, left as they are: ${topic}\n`,
    );
    // The default is 6; the second run's 2 did not touch the topic the first run made.
    expect(await partitionsOf([topic, dlq])).toEqual({ [topic]: 6, [dlq]: 2 });
  });

  it("authenticates with the service's SASL settings (SCRAM-SHA-512 listener)", async () => {
    if (sasl.brokers === "") throw new Error("needs the project's local broker (its SASL listener)");
    const { topic, dlq } = names("ct-sasl");
    const out = await saslJob({ topic, dlq }, sasl.password, { KAFKA_TOPIC_PARTITIONS: "1" });
    expect(out.code).toBe(0);
    expect(await partitionsOf([topic, dlq])).toEqual({ [topic]: 1, [dlq]: 1 });
  });

  it("exits 1 with the broker's refusal when authentication fails, creating nothing", async () => {
    if (sasl.brokers === "") throw new Error("needs the project's local broker (its SASL listener)");
    const { topic, dlq } = names("ct-denied");
    const out = await saslJob({ topic, dlq }, "not-the-password");
    expect(out.code).toBe(1);
    // Its own line among kafkajs' error log lines.
    expect(out.stderr).toMatch(/^create-topics: .*(SASL|[Aa]uthentication)/m);
    const existing = await withAdmin(brokers, (admin) => admin.listTopics());
    expect(existing.filter((t) => t === topic || t === dlq)).toEqual([]);
  }, 90_000);

  it("exits 2 naming the setting when the configuration is invalid", async () => {
    const out = await createTopicsJob({ KAFKA_BROKERS: brokers, KAFKA_TOPIC_PARTITIONS: "0" });
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      "create-topics: invalid configuration:\n  - KAFKA_TOPIC_PARTITIONS: Too small: expected number to be >=1\n",
    );
  });
});
