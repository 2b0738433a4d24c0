import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { settingsSchema } from "./config.js";
import {
  SETTING_NAMES,
  SETTINGS,
  brokerProblem,
  defaultOf,
  hasProducerThread,
  inflightBytesFor,
  nodeOptionsFor,
  type SettingName,
} from "./settings.js";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

/** README settings table rows: each setting name in a row's first cell, mapped to the row's second cell. */
function readmeRows(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4) continue;
    for (const [, name] of (cells[1] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g))
      rows.set(name ?? "", cells[2] ?? "");
  }
  return rows;
}

describe("the settings contract", () => {
  it("is exactly what the zod schema reads", () => {
    expect(Object.keys(settingsSchema.shape).sort()).toEqual([...SETTING_NAMES].sort());
  });

  it("gives each setting the default the schema applies", () => {
    const parsed = settingsSchema.parse({ KAFKA_BROKERS: "kafka:9092" }) as Record<SettingName, unknown>;
    for (const name of SETTING_NAMES.filter((n) => n !== "KAFKA_BROKERS")) {
      expect({ name, value: parsed[name] }).toEqual({ name, value: defaultOf(name) });
    }
  });

  it("is documented in README.md, each default as the contract declares it", () => {
    const rows = readmeRows();
    for (const name of SETTING_NAMES) {
      expect(rows.has(name), `README.md settings table lacks ${name}`).toBe(true);
      const def = defaultOf(name);
      // The default column starts with the default in backticks; words may follow ("`0` (no limit)").
      const documented = /^`([^`]*)`/.exec(rows.get(name) ?? "")?.[1];
      if (def !== undefined) expect({ name, documented }).toEqual({ name, documented: String(def) });
    }
  });

  it("checks broker addresses the way KAFKA_BROKERS is parsed", () => {
    expect(brokerProblem("kafka:9092")).toBeUndefined();
    expect(brokerProblem("kafka")).toBe("each broker must be host:port");
    expect(brokerProblem("kafka:0")).toBe("port 0 is not within 1-65535");
    expect(brokerProblem("kafka:65536")).toBe("port 65536 is not within 1-65535");
  });

  it("says a producer thread runs only for kafkajs on a worker", () => {
    expect(hasProducerThread({})).toBe(false);
    expect(hasProducerThread({ KAFKA_CLIENT: "kafkajs" })).toBe(true);
    expect(hasProducerThread({ KAFKA_CLIENT: "kafkajs", KAFKA_PRODUCER_THREAD: "main" })).toBe(false);
    expect(hasProducerThread({ KAFKA_CLIENT: "librdkafka", KAFKA_PRODUCER_THREAD: "worker" })).toBe(false);
  });

  it("sizes the heaps for a memory limit: 60% old generation, less the kafkajs thread's heap, 16 MiB semi-spaces (8 beside the thread)", () => {
    expect(nodeOptionsFor(512 * 1024 ** 2, false)).toBe("--max-old-space-size=307 --max-semi-space-size=16");
    expect(nodeOptionsFor(256 * 1024 ** 2, true)).toBe("--max-old-space-size=89 --max-semi-space-size=8");
    expect(nodeOptionsFor(64 * 1024 ** 2, true)).toBe("--max-old-space-size=64 --max-semi-space-size=8");
  });

  it("gives a pod an eighth of its memory limit as in-flight budget: the default pod (512 MiB) the default", () => {
    expect(inflightBytesFor(512 * 1024 ** 2)).toBe(defaultOf("MAX_INFLIGHT_BYTES"));
    expect(inflightBytesFor(256 * 1024 ** 2)).toBe(33_554_432);
    expect(inflightBytesFor(1024)).toBe(1024);
  });

  it("declares bounds that include each default", () => {
    for (const name of SETTING_NAMES) {
      const spec = SETTINGS[name] as { default?: unknown; min?: number; max?: number };
      if (typeof spec.default !== "number") continue;
      expect(spec.default).toBeGreaterThanOrEqual(spec.min ?? 0);
      expect(spec.default).toBeLessThanOrEqual(spec.max ?? Number.MAX_SAFE_INTEGER);
    }
  });
});
