// Validation of the arguments the clouds add: outputs in config, scrape kinds, Ingress prerequisites,
// schemas, Namespace labels.
import { describe, expect, it } from "vitest";
import type { IngestorAppSpec } from "../args.js";
import type { ArgsErrorCode } from "../errors.js";
import { resolveSettings, resolveSpec, type ValueKeys } from "./index.js";
import { spec } from "../../test/fixtures.js";

const problems = (s: IngestorAppSpec): { code: ArgsErrorCode; path: string }[] => {
  const r = resolveSpec(s);
  return r.ok ? [] : r.issues.map(({ code, path }) => ({ code, path }));
};

/** Problems when some config values are outputs (absent from `config`, their keys deferred). */
const deferredProblems = (s: IngestorAppSpec, keys: ValueKeys) => {
  const r = resolveSettings(s, keys);
  return r.ok ? [] : r.issues.map(({ code, path }) => ({ code, path }));
};

describe("config values that are outputs", () => {
  it("accepts KAFKA_BROKERS as an output and keeps its key among the ConfigMap's", () => {
    const r = resolveSettings(spec({ config: { KAFKA_TOPIC: "events" } }), {
      secretKeys: [],
      deferredConfigKeys: ["KAFKA_BROKERS"],
    });
    expect(r.ok && r.value.configKeys).toEqual(["KAFKA_BROKERS", "KAFKA_TOPIC"]);
    expect(r.ok && r.value.knownConfig).toEqual({ KAFKA_TOPIC: "events" });
  });

  it("needs the Kafka ports for a NetworkPolicy when KAFKA_BROKERS is an output", () => {
    const keys = { secretKeys: [], deferredConfigKeys: ["KAFKA_BROKERS"] };
    expect(deferredProblems(spec({ config: {}, networkPolicy: { enabled: true } }), keys)).toEqual([
      { code: "KAFKA_PORTS_UNKNOWN", path: "networkPolicy.kafkaPorts" },
    ]);
    expect(
      deferredProblems(spec({ config: {}, networkPolicy: { enabled: true, kafkaPorts: [9098] } }), keys),
    ).toEqual([]);
  });

  it("refuses outputs for the settings the component reads itself", () => {
    const keys = { secretKeys: [], deferredConfigKeys: ["KAFKA_CLIENT", "MAX_BODY_BYTES"] };
    expect(deferredProblems(spec({}), keys)).toEqual([
      { code: "CONFIG_VALUE_NOT_PLAIN", path: "config.KAFKA_CLIENT" },
      { code: "CONFIG_VALUE_NOT_PLAIN", path: "config.MAX_BODY_BYTES" },
    ]);
  });
});

describe("metrics scrape, prerequisites, schemas, namespace labels", () => {
  it("refuses an unknown scrape kind and a malformed interval", () => {
    expect(problems(spec({ metricsScrape: "prometheus" as "servicemonitor" }))).toEqual([
      { code: "INVALID_METRICS_SCRAPE", path: "metricsScrape" },
    ]);
    expect(problems(spec({ metricsScrape: { kind: "gke-podmonitoring", interval: "soon" } }))).toEqual([
      { code: "INVALID_METRICS_SCRAPE", path: "metricsScrape.interval" },
    ]);
  });

  it("refuses a prerequisite with a namespace, of a kind the component plans, or listed twice", () => {
    const cert = {
      apiVersion: "networking.gke.io/v1",
      kind: "ManagedCertificate",
      metadata: { name: "cert" },
    };
    expect(
      problems(
        spec({
          ingressPrerequisites: [
            cert,
            cert,
            { apiVersion: "v1", kind: "Service", metadata: { name: "x" } },
            { ...cert, metadata: { name: "other", namespace: "elsewhere" } as { name: string } },
          ],
        }),
      ),
    ).toEqual([
      { code: "DUPLICATE_OBJECT", path: "ingressPrerequisites[1]" },
      { code: "INVALID_OBJECT", path: "ingressPrerequisites[2].kind" },
      { code: "INVALID_OBJECT", path: "ingressPrerequisites[3].metadata.namespace" },
    ]);
  });

  it("takes exactly one schema source, files named <type>.json holding JSON objects, and owns SCHEMA_DIR", () => {
    expect(problems(spec({ schemas: { configMapName: "a", files: {} } as never }))).toEqual([
      { code: "SCHEMAS_CONFLICT", path: "schemas" },
    ]);
    expect(
      problems(spec({ schemas: { files: { "a.yaml": "{}", "b.json": "[1]", "c.json": "{" } } })),
    ).toEqual([
      { code: "INVALID_SCHEMA_FILE", path: "schemas.files.a.yaml" },
      { code: "INVALID_SCHEMA_FILE", path: "schemas.files.b.json" },
      { code: "INVALID_SCHEMA_FILE", path: "schemas.files.c.json" },
    ]);
    expect(
      problems(
        spec({ config: { KAFKA_BROKERS: "k:9092", SCHEMA_DIR: "/x" }, schemas: { configMapName: "s" } }),
      ),
    ).toEqual([{ code: "RESERVED_CONFIG_KEY", path: "config.SCHEMA_DIR" }]);
    expect(problems(spec({ schemas: { configMapName: "s", mode: "off" as "known" } }))).toEqual([
      { code: "INVALID_SCHEMA_MODE", path: "schemas.mode" },
    ]);
  });

  it("refuses a SCHEMA_MODE that validates without the schemas to validate with", () => {
    expect(problems(spec({ config: { KAFKA_BROKERS: "k:9092", SCHEMA_MODE: "strict" } }))).toEqual([
      { code: "SCHEMAS_REQUIRED", path: "config.SCHEMA_MODE" },
    ]);
    expect(problems(spec({ config: { KAFKA_BROKERS: "k:9092", SCHEMA_MODE: "off" } }))).toEqual([]);
  });

  it("refuses Pod Security labels in namespaceLabels: the Namespace enforces restricted", () => {
    expect(
      problems(spec({ namespaceLabels: { "pod-security.kubernetes.io/enforce": "privileged" } })),
    ).toEqual([{ code: "RESERVED_LABEL", path: "namespaceLabels.pod-security.kubernetes.io/enforce" }]);
  });
});
