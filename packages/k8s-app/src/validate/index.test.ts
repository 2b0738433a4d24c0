import { describe, expect, it } from "vitest";
import type { IngestorAppSpec } from "../args.js";
import { buildObjects } from "../build.js";
import { IngestorArgsError, type ArgsErrorCode } from "../errors.js";
import { resolveSpec } from "./index.js";
import { MINIMAL, spec } from "../../test/fixtures.js";

/** The issue codes (and paths) of a spec, empty when it is valid. */
function problems(s: IngestorAppSpec): { code: ArgsErrorCode; path: string }[] {
  const r = resolveSpec(s);
  return r.ok ? [] : r.issues.map(({ code, path }) => ({ code, path }));
}

const codes = (s: IngestorAppSpec) => problems(s).map((p) => p.code);

describe("argument validation", () => {
  it("accepts the minimal arguments and fills in the defaults", () => {
    const r = resolveSpec(MINIMAL);
    expect(r.ok && r.value).toMatchObject({
      appName: "event-ingestor",
      createNamespace: true,
      replicas: undefined,
      autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 70 },
      shutdown: { delayMs: 5000, timeoutMs: 25000 },
      pdb: { maxUnavailable: 1 },
      ingress: undefined,
      networkPolicy: undefined,
    });
  });

  it("refuses an image without a digest, naming the image argument", () => {
    expect(problems(spec({ image: "ghcr.io/acme/ingestor:1.0" }))).toEqual([
      { code: "IMAGE_NOT_PINNED", path: "image" },
    ]);
    expect(codes(spec({ image: "ghcr.io/acme/ingestor:1.0", allowMutableImageTag: true }))).toEqual([]);
  });

  it("refuses secrets in the plain config and unknown secret keys", () => {
    expect(problems(spec({ config: { KAFKA_BROKERS: "k:9092", API_KEYS: "k" } }))).toEqual([
      { code: "SECRET_IN_CONFIG", path: "config.API_KEYS" },
    ]);
    expect(codes(spec({ config: { KAFKA_BROKERS: "k:9092", KAFKA_SASL_PASSWORD: "p" } }))).toEqual([
      "SECRET_IN_CONFIG",
    ]);
    expect(problems(spec({ secretConfig: { KAFKA_TOPIC: "t" } }))).toEqual([
      { code: "UNKNOWN_SECRET_KEY", path: "secretConfig.KAFKA_TOPIC" },
    ]);
  });

  it("refuses config keys the component sets itself", () => {
    expect(codes(spec({ config: { KAFKA_BROKERS: "k:9092", SHUTDOWN_DELAY_MS: "1" } }))).toEqual([
      "RESERVED_CONFIG_KEY",
    ]);
    expect(
      codes(
        spec({ config: { KAFKA_BROKERS: "k:9092", API_KEYS_FILE: "/x" }, secretConfig: { API_KEYS: "k" } }),
      ),
    ).toEqual(["RESERVED_CONFIG_KEY"]);
  });

  it("requires KAFKA_BROKERS as a host:port list", () => {
    expect(codes(spec({ config: {} }))).toEqual(["MISSING_KAFKA_BROKERS"]);
    expect(codes(spec({ config: { KAFKA_BROKERS: "kafka-without-port" } }))).toEqual([
      "INVALID_KAFKA_BROKERS",
    ]);
  });

  it("checks replica counts and the autoscaling range", () => {
    expect(codes(spec({ autoscaling: { minReplicas: 5, maxReplicas: 3 } }))).toEqual(["AUTOSCALING_RANGE"]);
    expect(problems(spec({ autoscaling: { targetCPUUtilizationPercentage: 150 } }))).toEqual([
      { code: "INVALID_NUMBER", path: "autoscaling.targetCPUUtilizationPercentage" },
    ]);
    expect(codes(spec({ autoscaling: { enabled: false }, replicas: 0 }))).toContain("INVALID_NUMBER");
  });

  it("checks quantities and that requests stay within limits", () => {
    expect(codes(spec({ resources: { requests: { memory: "lots" } } }))).toEqual(["INVALID_QUANTITY"]);
    expect(problems(spec({ resources: { requests: { cpu: "2" }, limits: { cpu: "1500m" } } }))).toEqual([
      { code: "REQUESTS_EXCEED_LIMITS", path: "resources.requests.cpu" },
    ]);
  });

  it("refuses a shutdown delay that does not fit in the shutdown timeout", () => {
    expect(codes(spec({ shutdown: { delayMs: 30000, timeoutMs: 25000 } }))).toEqual([
      "SHUTDOWN_DELAY_EXCEEDS_TIMEOUT",
    ]);
  });

  it("refuses PodDisruptionBudgets that set both fields or block every eviction", () => {
    expect(codes(spec({ pdb: { minAvailable: 1, maxUnavailable: 1 } as never }))).toEqual(["PDB_CONFLICT"]);
    expect(codes(spec({ pdb: { minAvailable: 2 } }))).toEqual(["PDB_BLOCKS_EVICTION"]);
    expect(codes(spec({ pdb: { maxUnavailable: 0 } }))).toEqual(["PDB_BLOCKS_EVICTION"]);
    expect(codes(spec({ pdb: { minAvailable: 2 }, autoscaling: { minReplicas: 3 } }))).toEqual([]);
  });

  it("checks ingress combinations per flavour", () => {
    expect(codes(spec({ ingress: { flavour: "nginx", tls: { secretName: "t" } } }))).toEqual([
      "INGRESS_TLS_WITHOUT_HOST",
    ]);
    expect(
      codes(spec({ ingress: { flavour: "alb", host: "e.example.com", tls: { secretName: "t" } } })),
    ).toEqual(["INGRESS_TLS_SECRET_UNSUPPORTED"]);
    expect(codes(spec({ ingress: { flavour: "gce", className: "gce" } }))).toEqual([
      "INGRESS_CLASS_UNSUPPORTED",
    ]);
    expect(codes(spec({ ingress: { flavour: "traefik" as never } }))).toEqual(["INVALID_INGRESS_FLAVOUR"]);
    expect(codes(spec({ ingress: { flavour: "nginx", host: "not a host" } }))).toEqual(["INVALID_HOST"]);
  });

  it("refuses root, bad names and labels that would change the selector", () => {
    expect(codes(spec({ runAsUser: 0 }))).toEqual(["RUN_AS_ROOT"]);
    expect(codes(spec({ namespace: "Bad_NS" }))).toEqual(["INVALID_NAME"]);
    expect(codes(spec({ appName: "9lives" }))).toEqual(["INVALID_NAME"]);
    expect(codes(spec({ podLabels: { "app.kubernetes.io/instance": "other" } }))).toEqual(["RESERVED_LABEL"]);
    expect(codes(spec({ labels: { "bad key!": "v" } }))).toEqual(["INVALID_LABEL"]);
  });

  it("checks network policy ports and CIDRs", () => {
    expect(
      codes(spec({ networkPolicy: { enabled: true, kafkaPorts: [0], kafkaCidrs: ["10.0.0.0"] } })),
    ).toEqual(["INVALID_PORT", "INVALID_CIDR"]);
  });

  it("lists every problem at once, and buildObjects throws them as one IngestorArgsError", () => {
    const bad = spec({ image: "x:latest", runAsUser: 0, config: {} });
    expect(codes(bad).sort()).toEqual(["IMAGE_LATEST", "MISSING_KAFKA_BROKERS", "RUN_AS_ROOT"]);
    let thrown: unknown;
    try {
      buildObjects(bad);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(IngestorArgsError);
    if (!(thrown instanceof IngestorArgsError)) return;
    expect(thrown.issues).toHaveLength(3);
    expect(thrown.message).toMatch(/runAsUser: .*\[RUN_AS_ROOT\]/);
  });
});
