import { describe, expect, it } from "vitest";
import { asCpuProfile, moduleOf, summarise, summaryMarkdown, threadOf } from "./profile.js";

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

const profile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", "") },
    {
      id: 2,
      callFrame: frame(
        "send",
        "file:///r/node_modules/.pnpm/kafkajs@2.2.4/node_modules/kafkajs/src/producer/index.js",
        9,
      ),
    },
    { id: 3, callFrame: frame("parseJson", "file:///r/packages/ingestor/dist/events/decode.js", 83) },
    { id: 4, callFrame: frame("", "node:internal/deps/undici/undici", 5) },
  ],
  samples: [2, 2, 3, 4, 2, 1],
  timeDeltas: [1000, 1000, 2000, 600, 1000, 400],
};

describe("CPU profile summary", () => {
  it("adds self time per package and per function, largest first", () => {
    const s = summarise(asCpuProfile(profile));
    expect(s.totalMs).toBe(6);
    expect(s.byModule[0]).toEqual({ name: "kafkajs", percent: 50 });
    expect(s.byModule.map((m) => m.name)).toEqual([
      "kafkajs",
      "ingestor: events/decode.js",
      "node:undici/undici",
      "(vm: gc, idle, native)",
    ]);
    expect(s.byFunction[1]).toEqual({
      name: "parseJson",
      where: "ingestor: events/decode.js:84",
      percent: 33.3,
    });
    expect(s.byFunction.find((f) => f.where.startsWith("node:"))?.name).toBe("(anonymous)");
  });

  it("keeps only the top entries", () => {
    expect(summarise(asCpuProfile(profile), 2).byFunction).toHaveLength(2);
  });

  it("refuses JSON that is not a CPU profile", () => {
    expect(() => asCpuProfile({ nodes: [{ id: "x" }], samples: [], timeDeltas: [] })).toThrow(
      /not a V8 CPU profile/,
    );
    expect(() => asCpuProfile(null)).toThrow(/not a V8 CPU profile/);
  });

  it("names scoped packages with their scope", () => {
    expect(
      moduleOf(
        "file:///r/node_modules/.pnpm/@hono+node-server@1.19.19_hono@4.13.19/node_modules/@hono/node-server/dist/index.mjs",
      ),
    ).toBe("@hono/node-server");
  });

  it("renders Markdown tables", () => {
    const md = summaryMarkdown("S1", summarise(asCpuProfile(profile)));
    expect(md).toContain("### S1: 6 ms of samples");
    expect(md).toContain("| 50% | kafkajs |");
    expect(md).toContain("| 33.3% | parseJson | ingestor: events/decode.js:84 |");
  });
});

describe("threadOf", () => {
  it("tells the HTTP thread's profile from the producer thread's by Node's file name", () => {
    expect(threadOf("CPU.20261127.025903.32221.0.001.cpuprofile")).toBe("HTTP thread");
    expect(threadOf("CPU.20261127.025903.32221.1.002.cpuprofile")).toBe("worker thread 1 (Kafka producer)");
    expect(threadOf("profile.json")).toBe("unknown thread");
  });
});
