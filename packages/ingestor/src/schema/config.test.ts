import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.js";

const load = (env: Record<string, string>) =>
  loadConfig({ KAFKA_BROKERS: "kafka:9092", ...env }, () => {
    throw new Error("no files");
  });

function problems(env: Record<string, string>): readonly string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe("SCHEMA_MODE and SCHEMA_DIR", () => {
  it("default to off, with no folder", () => {
    expect(load({}).schema).toEqual({ mode: "off", dir: undefined });
  });

  it("read the mode and the folder", () => {
    expect(load({ SCHEMA_MODE: "strict", SCHEMA_DIR: "/etc/ingestor/schemas" }).schema).toEqual({
      mode: "strict",
      dir: "/etc/ingestor/schemas",
    });
  });

  it("known or strict without a folder is refused at start-up", () => {
    expect(problems({ SCHEMA_MODE: "known" })).toEqual([
      "SCHEMA_DIR: is required with SCHEMA_MODE=known: the folder of <event type>.json schemas",
    ]);
  });

  it("an unknown mode is refused", () => {
    expect(problems({ SCHEMA_MODE: "all", SCHEMA_DIR: "/s" })).toEqual([
      'SCHEMA_MODE: Invalid option: expected one of "off"|"known"|"strict"',
    ]);
  });
});
