// The optional objects: scrape object, Ingress prerequisites, topics Job, schemas, Namespace labels.
import { SCHEMA_MODES } from "@event-ingestor/ingestor/settings";
import { isPlannedKind } from "../kinds.js";
import { DEFAULTS, METRICS_SCRAPE_KINDS, type MetricsScrapeArgs } from "../args.js";
import { names, type PlainArgs, type Settings } from "../settings.js";
import { isRecord } from "@event-ingestor/platform";
import { isDns1123Subdomain } from "./checks.js";
import type { Issues } from "./issues.js";

export function validateMetricsScrape(args: PlainArgs, issues: Issues): Settings["metricsScrape"] {
  const given = args.metricsScrape;
  if (given === undefined) return undefined;
  const scrape: MetricsScrapeArgs = typeof given === "string" ? { kind: given } : given;
  if (!METRICS_SCRAPE_KINDS.includes(scrape.kind)) {
    issues.add(
      "INVALID_METRICS_SCRAPE",
      "metricsScrape",
      `${JSON.stringify(scrape.kind)} is not one of ${METRICS_SCRAPE_KINDS.join(", ")}`,
    );
    return undefined;
  }
  const interval = scrape.interval ?? DEFAULTS.scrapeInterval;
  if (!/^\d+(ms|s|m|h)$/.test(interval)) {
    issues.add("INVALID_METRICS_SCRAPE", "metricsScrape.interval", `${interval} is not a duration like 30s`);
  }
  issues.labels(scrape.labels ?? {}, "metricsScrape.labels", true);
  return { kind: scrape.kind, interval, labels: scrape.labels ?? {} };
}

export function validatePrerequisites(args: PlainArgs, issues: Issues): Settings["ingressPrerequisites"] {
  const objects = args.ingressPrerequisites ?? [];
  const seen = new Set<string>();
  objects.forEach((o, i) => {
    const path = `ingressPrerequisites[${i}]`;
    if (typeof o.apiVersion !== "string" || !/^([a-z0-9.-]+\/)?v\d+\w*$/.test(o.apiVersion)) {
      issues.add(
        "INVALID_OBJECT",
        `${path}.apiVersion`,
        `${JSON.stringify(o.apiVersion)} is not an apiVersion`,
      );
    }
    if (typeof o.kind !== "string" || !/^[A-Z][A-Za-z0-9]*$/.test(o.kind) || isPlannedKind(o.kind)) {
      issues.add("INVALID_OBJECT", `${path}.kind`, `${JSON.stringify(o.kind)} is not a custom resource kind`);
    }
    const name: unknown = isRecord(o.metadata) ? o.metadata.name : undefined;
    if (!isDns1123Subdomain(name)) {
      issues.add("INVALID_NAME", `${path}.metadata.name`, `${JSON.stringify(name)} is not an object name`);
    }
    if (isRecord(o.metadata) && "namespace" in o.metadata) {
      issues.add(
        "INVALID_OBJECT",
        `${path}.metadata.namespace`,
        "the component puts it in the app's namespace",
      );
    }
    issues.labels(o.metadata.labels ?? {}, `${path}.metadata.labels`, false);
    issues.annotations(o.metadata.annotations ?? {}, `${path}.metadata.annotations`);
    const key = `${o.kind}/${String(name)}`;
    if (seen.has(key)) issues.add("DUPLICATE_OBJECT", path, `${key} is listed twice`);
    seen.add(key);
  });
  return objects;
}

/** ConfigMap keys (file names under SCHEMA_DIR): `<event type>.json`. */
const SCHEMA_FILE = /^[-._a-zA-Z0-9]+\.json$/;

export function validateSchemas(args: PlainArgs, issues: Issues): Settings["schemas"] {
  const schemas = args.schemas;
  if (schemas === undefined) return undefined;
  const { configMapName, files } = schemas;
  if ((configMapName === undefined) === (files === undefined)) {
    issues.add("SCHEMAS_CONFLICT", "schemas", "set exactly one of configMapName and files");
    return undefined;
  }
  const mode = schemas.mode ?? "known";
  if (!(SCHEMA_MODES as readonly string[]).includes(mode) || (mode as string) === "off") {
    issues.add("INVALID_SCHEMA_MODE", "schemas.mode", `${JSON.stringify(mode)} is not known or strict`);
  }
  if (configMapName !== undefined) {
    if (!isDns1123Subdomain(configMapName))
      issues.add("INVALID_NAME", "schemas.configMapName", `${configMapName} is not a ConfigMap name`);
    return { configMapName, files: undefined, mode };
  }
  for (const [file, text] of Object.entries(files)) {
    const path = `schemas.files.${file}`;
    if (!SCHEMA_FILE.test(file)) issues.add("INVALID_SCHEMA_FILE", path, `${file} must be <event type>.json`);
    if (!isJsonObject(text)) issues.add("INVALID_SCHEMA_FILE", path, "the schema must be a JSON object");
  }
  return { configMapName: names({ appName: args.appName ?? DEFAULTS.appName }).schemas, files, mode };
}

function isJsonObject(text: unknown): boolean {
  if (typeof text !== "string") return false;
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}

/** The Namespace's extra labels; Pod Security `restricted` stays the component's to set. */
export function validateNamespaceLabels(args: PlainArgs, issues: Issues): Settings["namespaceLabels"] {
  const labels = args.namespaceLabels ?? {};
  issues.labels(labels, "namespaceLabels", false);
  for (const key of Object.keys(labels).filter((k) => k.startsWith("pod-security.kubernetes.io/"))) {
    issues.add("RESERVED_LABEL", `namespaceLabels.${key}`, "the Namespace enforces Pod Security restricted");
  }
  return labels;
}
