// results/latest.svg: events/s of each scenario beside its ceiling. Hand-written SVG, no dependency.

/** One bar: an ingestor scenario (per client) or a ceiling. */
export interface ChartBar {
  /** Short label under the bar, e.g. `kafkajs`, `H_node`, `K_java`. */
  readonly name: string;
  readonly value: number;
  readonly kind: "scenario" | "ceiling";
}

/** One group: a workload's scenario bars beside every ceiling that bounds it, with its ratios below. */
export interface ChartGroup {
  readonly label: string;
  readonly bars: readonly ChartBar[];
  /** Lines under the group, e.g. `kafkajs / H_node 0.62`. */
  readonly notes: readonly string[];
}

const WIDTH = 900;
const HEIGHT = 470;
const LEFT = 80;
const RIGHT = 20;
const TOP = 56;
/** Room for the slanted bar names (up to ~60 px deep), the group label and a ratio line per client. */
const BOTTOM = 150;
const SCENARIO_COLOURS = ["#2f6fde", "#1f9d6b", "#c2661a", "#8b4fc7"];
/** The platform / broker limit dark, what sits on it (framework, client) lighter. */
const CEILING_COLOURS: Readonly<Record<string, string>> = { H_node: "#3b4350", K_java: "#3b4350" };
const CEILING_COLOUR = "#a3acb6";

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Compact thousands: 950, 12.3k, 1.2M. */
export function compact(n: number): string {
  const short = (v: number, digits: number) => v.toFixed(digits).replace(/\.0$/, "");
  if (n >= 1e6) return `${short(n / 1e6, n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${short(n / 1e3, n >= 1e4 ? 0 : 1)}k`;
  return String(Math.round(n));
}

/**
 * Decades [10^lo, 10^hi] covering every positive value (at least one decade), with the lowest value at
 * least a third of a decade above the axis so its bar is never flat.
 */
export function logRange(values: readonly number[]): { lo: number; hi: number } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { lo: 0, hi: 1 };
  const lo = Math.floor(Math.log10(Math.min(...positive) / 2));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
  return { lo, hi };
}

/**
 * Renders the chart. Log scale: the Kafka ceilings are often an order of magnitude above the single-event
 * scenarios, and a linear axis would flatten those to nothing.
 * @param title the heading, e.g. with the date and machine.
 */
export function renderChart(groups: readonly ChartGroup[], title: string): string {
  const { lo, hi } = logRange(groups.flatMap((g) => g.bars.map((b) => b.value)));
  const plotH = HEIGHT - TOP - BOTTOM;
  const plotW = WIDTH - LEFT - RIGHT;
  const y = (v: number) => TOP + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" fill="#555">events/s (log scale): each scenario per Kafka client beside the ceilings that bound it</text>`,
  ];
  for (let d = lo; d <= hi; d++) {
    const gy = y(10 ** d).toFixed(1);
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${gy}" y2="${gy}" stroke="#e3e6ea"/>`);
    out.push(
      `<text x="${LEFT - 8}" y="${gy}" text-anchor="end" dominant-baseline="middle" fill="#555">${compact(10 ** d)}</text>`,
    );
  }
  const groupW = groups.length === 0 ? plotW : plotW / groups.length;
  const base = TOP + plotH;
  groups.forEach((g, i) => {
    const cx = LEFT + groupW * i + groupW / 2;
    const bar = Math.min(44, (groupW - 16) / Math.max(1, g.bars.length) - 4);
    const left = cx - (g.bars.length * (bar + 4)) / 2;
    let scenarioIndex = 0;
    g.bars.forEach((b, j) => {
      const x = left + j * (bar + 4);
      const colour =
        b.kind === "scenario"
          ? (SCENARIO_COLOURS[scenarioIndex++ % SCENARIO_COLOURS.length] ?? "#2f6fde")
          : (CEILING_COLOURS[b.name] ?? CEILING_COLOUR);
      const top = y(b.value);
      const h = Math.max(0, base - top);
      const mid = (x + bar / 2).toFixed(1);
      out.push(
        `<rect class="bar ${b.kind}" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${colour}"><title>${escapeXml(`${g.label} ${b.name}: ${Math.round(b.value)} events/s`)}</title></rect>`,
        `<text x="${mid}" y="${(top - 4).toFixed(1)}" text-anchor="middle" font-size="11">${compact(b.value)}</text>`,
        `<text x="${mid}" y="${base + 12}" text-anchor="end" font-size="10" transform="rotate(-35 ${mid} ${base + 12})">${escapeXml(b.name)}</text>`,
      );
    });
    out.push(
      `<text x="${cx.toFixed(1)}" y="${base + 84}" text-anchor="middle" font-weight="bold">${escapeXml(g.label)}</text>`,
    );
    g.notes.forEach((note, k) => {
      out.push(
        `<text x="${cx.toFixed(1)}" y="${base + 100 + k * 14}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(note)}</text>`,
      );
    });
  });
  out.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${base}" y2="${base}" stroke="#333"/>`,
    `<rect x="${LEFT}" y="${HEIGHT - 14}" width="12" height="12" fill="${SCENARIO_COLOURS[0] ?? ""}"/>`,
    `<text x="${LEFT + 18}" y="${HEIGHT - 4}">ingestor, per KAFKA_CLIENT</text>`,
    `<rect x="${LEFT + 190}" y="${HEIGHT - 14}" width="12" height="12" fill="${CEILING_COLOURS["H_node"] ?? ""}"/>`,
    `<text x="${LEFT + 208}" y="${HEIGHT - 4}">platform / broker limit (H_node, K_java)</text>`,
    `<rect x="${LEFT + 460}" y="${HEIGHT - 14}" width="12" height="12" fill="${CEILING_COLOUR}"/>`,
    `<text x="${LEFT + 478}" y="${HEIGHT - 4}">framework / client alone (H_hono, K_client)</text>`,
    "</svg>",
    "",
  );
  return out.join("\n");
}

/** The chart's groups from a run's rows: each workload's scenarios (per client) beside its ceilings. */
export function chartGroups(
  rows: Readonly<Record<string, { readonly eventsPerSec: number }>>,
  clients: readonly string[],
): ChartGroup[] {
  const workloads = [
    { s: "S1", ceilings: ["H_node(S1)", "H_hono(S1)"], limit: "H_node(S1)" },
    { s: "S4", ceilings: ["H_node(S4)", "H_hono(S4)"], limit: "H_node(S4)" },
    { s: "S2", ceilings: ["K_java", ...clients.map((c) => `K_client(${c})`)], limit: "K_java" },
    { s: "S3", ceilings: ["K_java", ...clients.map((c) => `K_client(${c})`)], limit: "K_java" },
  ];
  const short = (id: string) => id.replace(/\((S\d)\)$/, "");
  return workloads.flatMap(({ s, ceilings, limit }) => {
    const bars: ChartBar[] = [];
    const notes: string[] = [];
    const ceiling = rows[limit]?.eventsPerSec;
    for (const c of clients) {
      const v = rows[`${s}[${c}]`]?.eventsPerSec;
      if (v === undefined) continue;
      bars.push({ name: c, value: v, kind: "scenario" });
      if (ceiling !== undefined && ceiling > 0)
        notes.push(`${c}: ${(v / ceiling).toFixed(2)} x ${short(limit)}`);
    }
    for (const id of ceilings) {
      const v = rows[id]?.eventsPerSec;
      if (v !== undefined) bars.push({ name: short(id), value: v, kind: "ceiling" });
    }
    return bars.length === 0 ? [] : [{ label: s, bars, notes }];
  });
}
