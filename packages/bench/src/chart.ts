// results/latest.svg: events/s of each scenario beside its ceiling. Hand-written SVG, no dependency.

/** One group of the chart: a scenario and the ceiling it is compared with. */
export interface ChartPair {
  readonly label: string;
  readonly value: number;
  readonly ceilingLabel: string;
  readonly ceilingValue: number;
}

const WIDTH = 760;
const HEIGHT = 380;
const LEFT = 80;
const RIGHT = 20;
const TOP = 56;
const BOTTOM = 64;
const SCENARIO_COLOUR = "#2f6fde";
const CEILING_COLOUR = "#9aa3ad";

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
 * Renders the chart. Log scale: the ceilings (K especially) are often an order of magnitude above the
 * single-event scenarios, and a linear axis would flatten those to nothing.
 * @param title the heading, e.g. with the date and machine.
 */
export function renderChart(pairs: readonly ChartPair[], title: string): string {
  const { lo, hi } = logRange(pairs.flatMap((p) => [p.value, p.ceilingValue]));
  const plotH = HEIGHT - TOP - BOTTOM;
  const plotW = WIDTH - LEFT - RIGHT;
  const y = (v: number) => TOP + plotH - ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${WIDTH / 2}" y="40" text-anchor="middle" fill="#555">events/s (log scale): scenario beside its ceiling, ratio below</text>`,
  ];
  for (let d = lo; d <= hi; d++) {
    const gy = y(10 ** d).toFixed(1);
    out.push(`<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${gy}" y2="${gy}" stroke="#e3e6ea"/>`);
    out.push(
      `<text x="${LEFT - 8}" y="${gy}" text-anchor="end" dominant-baseline="middle" fill="#555">${compact(10 ** d)}</text>`,
    );
  }
  const group = pairs.length === 0 ? plotW : plotW / pairs.length;
  const bar = Math.min(56, group / 3);
  pairs.forEach((p, i) => {
    const cx = LEFT + group * i + group / 2;
    const bars = [
      { x: cx - bar - 2, v: p.value, colour: SCENARIO_COLOUR, name: p.label },
      { x: cx + 2, v: p.ceilingValue, colour: CEILING_COLOUR, name: p.ceilingLabel },
    ];
    for (const b of bars) {
      const top = y(b.v);
      const h = Math.max(0, TOP + plotH - top);
      out.push(
        `<rect class="bar" x="${b.x.toFixed(1)}" y="${top.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" fill="${b.colour}"><title>${escapeXml(`${b.name}: ${Math.round(b.v)} events/s`)}</title></rect>`,
        `<text x="${(b.x + bar / 2).toFixed(1)}" y="${(top - 4).toFixed(1)}" text-anchor="middle">${compact(b.v)}</text>`,
      );
    }
    const ratio = p.ceilingValue > 0 ? (p.value / p.ceilingValue).toFixed(2) : "n/a";
    out.push(
      `<text x="${cx.toFixed(1)}" y="${HEIGHT - BOTTOM + 18}" text-anchor="middle" font-weight="bold">${escapeXml(`${p.label} vs ${p.ceilingLabel}`)}</text>`,
      `<text x="${cx.toFixed(1)}" y="${HEIGHT - BOTTOM + 34}" text-anchor="middle" fill="#555">ratio ${ratio}</text>`,
    );
  });
  out.push(
    `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${TOP + plotH}" y2="${TOP + plotH}" stroke="#333"/>`,
    `<rect x="${LEFT}" y="${HEIGHT - 18}" width="12" height="12" fill="${SCENARIO_COLOUR}"/>`,
    `<text x="${LEFT + 18}" y="${HEIGHT - 8}">ingestor scenario</text>`,
    `<rect x="${LEFT + 140}" y="${HEIGHT - 18}" width="12" height="12" fill="${CEILING_COLOUR}"/>`,
    `<text x="${LEFT + 158}" y="${HEIGHT - 8}">ceiling (H = bare Hono, K = kafkajs alone)</text>`,
    "</svg>",
    "",
  );
  return out.join("\n");
}
