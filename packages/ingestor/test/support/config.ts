// loadConfig as the unit tests of one setting call it: over the least valid environment (one broker), with
// no secret files to read, and the problems a refused environment lists.
import { ConfigError, loadConfig, type Config, type ReadFile } from "../../src/config.js";

export const noFiles: ReadFile = (path) => {
  throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
};

/** The config for `env` added to `KAFKA_BROKERS=kafka:9092`. */
export const loadWith = (env: Record<string, string>): Config =>
  loadConfig({ KAFKA_BROKERS: "kafka:9092", ...env }, noFiles);

/** The problems of the ConfigError loadConfig throws for exactly `env`; fails the test when it loads. */
export function problemsOf(
  env: Record<string, string | undefined>,
  readFile: ReadFile = noFiles,
): readonly string[] {
  try {
    loadConfig(env, readFile);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("loadConfig accepted the environment");
}

/** The problems of the ConfigError `loadWith(env)` throws; fails the test when it loads. */
export const problemsWith = (env: Record<string, string>): readonly string[] =>
  problemsOf({ KAFKA_BROKERS: "kafka:9092", ...env });
