import { readFileSync } from "node:fs";
import type { IngestorAppSpec } from "../src/args.js";
import type { KubeObject, RenderedObject } from "../src/build.js";
import type { Settings } from "../src/settings.js";
import { DEFAULT_RENDER_SPEC, parseSpec } from "../src/spec-file.js";
import { resolveSpec } from "../src/validate/index.js";

export const DIGEST = `sha256:${"a".repeat(64)}`;
export const IMAGE = `registry.example.com/team/event-ingestor@${DIGEST}`;

/** Smallest valid arguments. */
export const MINIMAL: IngestorAppSpec = {
  namespace: "ingest",
  image: IMAGE,
  config: { KAFKA_BROKERS: "kafka-0.kafka:9092,kafka-1.kafka:9092" },
};

export const DEFAULT_SPEC = DEFAULT_RENDER_SPEC;

/** examples/full.yaml: every feature on. */
export const FULL_SPEC: IngestorAppSpec = parseSpec(
  readFileSync(new URL("../examples/full.yaml", import.meta.url), "utf8"),
);

/** MINIMAL with some arguments replaced. */
export const spec = (patch: Partial<IngestorAppSpec>): IngestorAppSpec => ({ ...MINIMAL, ...patch });

/** Validated settings of a spec; fails the test when the spec is invalid. */
export function settingsOf(s: IngestorAppSpec): Settings {
  const resolved = resolveSpec(s);
  if (!resolved.ok) throw new Error(resolved.issues.map((i) => i.message).join("; "));
  return resolved.value;
}

/** The object of one kind in a list (the first), or a failure naming the kind. */
export function byKind<K extends KubeObject["kind"]>(
  objects: readonly RenderedObject[],
  kind: K,
): Extract<KubeObject, { kind: K }> {
  const found = objects.find((o): o is Extract<KubeObject, { kind: K }> => o.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} among ${objects.map((o) => o.kind).join(", ")}`);
  return found;
}
