import { parse } from "yaml";
import type { IngestorAppSpec } from "./args.js";
import { isRecord } from "@event-ingestor/platform";
import { kindOf } from "./validate/checks.js";

/** The arguments `render` uses when given no file: the component's defaults around a placeholder image. */
export const DEFAULT_RENDER_SPEC: IngestorAppSpec = {
  namespace: "event-ingestor",
  image: `registry.example.com/event-ingestor@sha256:${"0".repeat(64)}`,
  config: {
    KAFKA_BROKERS: "kafka-bootstrap.kafka.svc:9092",
    KAFKA_TOPIC: "events",
    KAFKA_DLQ_TOPIC: "events.dlq",
  },
};

type Kind = "string" | "number" | "boolean" | "object" | "array";

/** Top-level keys an args file may hold, and the types of each; values are checked in depth by validation. */
const KEYS: Readonly<Record<keyof IngestorAppSpec, Kind | readonly Kind[]>> = {
  appName: "string",
  namespace: "string",
  createNamespace: "boolean",
  image: "string",
  allowMutableImageTag: "boolean",
  replicas: "number",
  autoscaling: "object",
  resources: "object",
  config: "object",
  secretConfig: "object",
  ingress: "object",
  serviceAccountAnnotations: "object",
  automountServiceAccountToken: "boolean",
  podLabels: "object",
  podAnnotations: "object",
  labels: "object",
  networkPolicy: "object",
  namespaceLabels: "object",
  metricsScrape: ["string", "object"],
  ingressPrerequisites: "array",
  topicsJob: "object",
  schemas: "object",
  shutdown: "object",
  pdb: "object",
  runAsUser: "number",
  nodeSelector: "object",
};

const KEY_KINDS = new Map<string, readonly Kind[]>(Object.entries(KEYS).map(([k, v]) => [k, [v].flat()]));

/** Problems with the shape of a parsed args document (unknown keys catch typos), empty when it is usable. */
export function shapeProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return [`the document must be a mapping, got ${kindOf(doc)}`];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const expected = KEY_KINDS.get(key);
    if (expected === undefined) problems.push(`${key}: unknown argument`);
    else if (!(expected as readonly string[]).includes(kindOf(value)))
      problems.push(`${key}: expected ${expected.join(" or ")}, got ${kindOf(value)}`);
  }
  for (const key of ["namespace", "image"]) if (!(key in doc)) problems.push(`${key}: required`);
  return problems;
}

function isSpec(doc: unknown): doc is IngestorAppSpec {
  return shapeProblems(doc).length === 0;
}

/** Parses an args YAML document into plain component arguments. */
export function parseSpec(text: string): IngestorAppSpec {
  const doc: unknown = parse(text);
  if (!isSpec(doc)) throw new Error(`invalid args file:\n  - ${shapeProblems(doc).join("\n  - ")}`);
  return doc;
}
