import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../../../../scripts/kafka.sh", import.meta.url));

async function kafka(...args: string[]): Promise<string> {
  const { stdout } = await run("bash", [script, ...args], { env: process.env, timeout: 300_000 });
  return stdout.trim();
}

declare module "vitest" {
  export interface ProvidedContext {
    kafkaBrokers: string;
    /** Pid of the project's local broker, or 0 when KAFKA_BROKERS points at an external cluster. */
    kafkaPid: number;
    /** The local broker's SASL listener and its development user ("" with an external cluster). */
    kafkaSasl: { readonly brokers: string; readonly username: string; readonly password: string };
    /** The local broker's TLS listener and the development CA that signed its certificate ("" externally). */
    kafkaTls: { readonly brokers: string; readonly caFile: string };
  }
}

/**
 * Brings up the project's local broker (or uses KAFKA_BROKERS) once for all integration tests,
 * and stops it afterwards only if this run started it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = Boolean(process.env["KAFKA_BROKERS"]);
  let startedHere = false;
  if (!external) {
    startedHere = await kafka("pid").then(
      () => false,
      () => true,
    );
  }
  await kafka("up");
  const brokers = await kafka("bootstrap");
  const pid = external ? 0 : Number(await kafka("pid"));
  project.provide("kafkaBrokers", brokers);
  project.provide("kafkaPid", pid);
  const [saslBrokers = "", username = "", password = ""] = external ? [] : (await kafka("sasl")).split(" ");
  project.provide("kafkaSasl", { brokers: saslBrokers, username, password });
  const [tlsBrokers = "", caFile = ""] = external ? [] : (await kafka("tls")).split(" ");
  project.provide("kafkaTls", { brokers: tlsBrokers, caFile });
  return async () => {
    if (startedHere && process.env["EI_KAFKA_KEEP"] !== "1") await kafka("down");
  };
}
