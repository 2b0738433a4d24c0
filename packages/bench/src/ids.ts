// Run ids: scenarios per Kafka client (`S1[kafkajs]`), HTTP ceilings per workload (`H_node(S1)`), the
// broker's ceiling (`K_java`) and one client ceiling per client (`K_client(librdkafka)`).
import type { ScenarioId } from "./scenarios.js";

export const K_JAVA = "K_java";
export type HttpCeiling = "H_node" | "H_hono";

export const scenarioId = (s: ScenarioId | "S1@50%", client: string): string => `${s}[${client}]`;
export const httpCeilingId = (h: HttpCeiling, s: ScenarioId): string => `${h}(${s})`;
export const kClientId = (client: string): string => `K_client(${client})`;
/** The latency floor: H_node paced at half of that client's S1 rate. */
export const httpFloorId = (client: string): string => `H_node(S1)@50%[${client}]`;

/**
 * Whether BENCH_ONLY's `selector` picks run `id`: the exact id, or every id that continues it with `[` or
 * `(` — `S1` picks `S1[kafkajs]` and `S1[librdkafka]` (not `S1@50%[...]`), `K_client` every client's,
 * `H_node` every H_node run.
 */
export function selects(selector: string, id: string): boolean {
  return id === selector || id.startsWith(`${selector}[`) || id.startsWith(`${selector}(`);
}

/** With no selectors every run is wanted. */
export function wantedBy(selectors: readonly string[]): (id: string) => boolean {
  return (id) => selectors.length === 0 || selectors.some((s) => selects(s, id));
}
