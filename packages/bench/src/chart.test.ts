import { describe, expect, it } from "vitest";
import { compact, escapeXml, logRange, renderChart } from "./chart.js";

const pairs = [
  { label: "S1", value: 8_000, ceilingLabel: "H", ceilingValue: 10_000 },
  { label: "S2", value: 70_000, ceilingLabel: "K", ceilingValue: 140_000 },
];

describe("renderChart", () => {
  it("draws one bar per scenario and per ceiling, with values and ratios", () => {
    const svg = renderChart(pairs, "Bench <today>");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(4);
    expect(svg).toContain("ratio 0.80");
    expect(svg).toContain("ratio 0.50");
    expect(svg).toContain(">70k<");
    expect(svg).toContain("Bench &#60;today&#62;");
  });

  it("gives a ceiling ten times higher a taller bar than its scenario", () => {
    const svg = renderChart([{ label: "S", value: 1_000, ceilingLabel: "C", ceilingValue: 10_000 }], "t");
    const heights = [
      ...svg.matchAll(/<rect class="bar" x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/g),
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
