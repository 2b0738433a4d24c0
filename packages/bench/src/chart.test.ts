import { describe, expect, it } from "vitest";
import { chartGroups, compact, escapeXml, logRange, renderChart, type ChartGroup } from "./chart.js";

const groups: ChartGroup[] = [
  {
    label: "S1",
    bars: [
      { name: "kafkajs", value: 8_000, kind: "scenario" },
      { name: "H_node", value: 16_000, kind: "ceiling" },
      { name: "H_hono", value: 10_000, kind: "ceiling" },
    ],
    notes: ["kafkajs: 0.50 x H_node"],
  },
  {
    label: "S2",
    bars: [
      { name: "kafkajs", value: 70_000, kind: "scenario" },
      { name: "K_java", value: 140_000, kind: "ceiling" },
    ],
    notes: [],
  },
];

describe("renderChart", () => {
  it("draws one bar per scenario and per ceiling, with values, names and ratios", () => {
    const svg = renderChart(groups, "Bench <today>");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect class="bar /g)).toHaveLength(5);
    expect(svg.match(/<rect class="bar ceiling"/g)).toHaveLength(3);
    expect(svg).toContain("kafkajs: 0.50 x H_node");
    expect(svg).toContain(">H_hono<");
    expect(svg).toContain(">70k<");
    expect(svg).toContain("Bench &#60;today&#62;");
  });

  it("gives a ceiling ten times higher a taller bar than its scenario", () => {
    const svg = renderChart(
      [
        {
          label: "S",
          bars: [
            { name: "a", value: 1_000, kind: "scenario" },
            { name: "C", value: 10_000, kind: "ceiling" },
          ],
          notes: [],
        },
      ],
      "t",
    );
    const heights = [
      ...svg.matchAll(/<rect class="bar \w+" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g),
    ].map((m) => Number(m[1]));
    expect(heights).toHaveLength(2);
    const [scenario = 0, ceiling = 0] = heights;
    expect(scenario).toBeGreaterThan(0);
    expect(ceiling).toBeGreaterThan(scenario);
  });

  it("still renders with no data", () => {
    expect(renderChart([], "empty")).toContain("</svg>");
  });
});

describe("chartGroups", () => {
  it("puts every client's scenario beside all its ceilings, ratios against the platform / broker limit", () => {
    const rows = {
      "S1[kafkajs]": { eventsPerSec: 5_000 },
      "S1[librdkafka]": { eventsPerSec: 6_000 },
      "H_node(S1)": { eventsPerSec: 10_000 },
      "H_hono(S1)": { eventsPerSec: 8_000 },
      "S2[kafkajs]": { eventsPerSec: 15_000 },
      K_java: { eventsPerSec: 100_000 },
      "K_client(kafkajs)": { eventsPerSec: 25_000 },
      "K_client(librdkafka)": { eventsPerSec: 60_000 },
    };
    const g = chartGroups(rows, ["kafkajs", "librdkafka"]);
    // S3 did not run, its ceilings did: a partial run still charts what it measured.
    expect(g.map((x) => x.label)).toEqual(["S1", "S2", "S3"]);
    expect(g[0]?.bars.map((b) => b.name)).toEqual(["kafkajs", "librdkafka", "H_node", "H_hono"]);
    expect(g[0]?.notes).toEqual(["kafkajs: 0.50 x H_node", "librdkafka: 0.60 x H_node"]);
    expect(g[1]?.bars.map((b) => `${b.name}:${b.kind}`)).toEqual([
      "kafkajs:scenario",
      "K_java:ceiling",
      "K_client(kafkajs):ceiling",
      "K_client(librdkafka):ceiling",
    ]);
    expect(g[1]?.notes).toEqual(["kafkajs: 0.15 x K_java"]);
  });
});

describe("chart helpers", () => {
  it("logRange spans whole decades around the values, the lowest one clear of the axis", () => {
    expect(logRange([850, 140_000])).toEqual({ lo: 2, hi: 6 });
    expect(logRange([1000])).toEqual({ lo: 2, hi: 3 });
    expect(logRange([])).toEqual({ lo: 0, hi: 1 });
  });

  it("compact abbreviates thousands and millions", () => {
    expect(compact(950)).toBe("950");
    expect(compact(12_345)).toBe("12k");
    expect(compact(1_234)).toBe("1.2k");
    expect(compact(1_000)).toBe("1k");
    expect(compact(2_500_000)).toBe("2.5M");
  });

  it("escapeXml escapes markup characters", () => {
    expect(escapeXml(`a<b>&"'`)).toBe("a&#60;b&#62;&#38;&#34;&#39;");
  });
});
