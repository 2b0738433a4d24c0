/** Stable codes of argument problems: tests and callers match on these, not on message text. */
export type ArgsErrorCode =
  | "INVALID_NAME"
  | "INVALID_NUMBER"
  | "AUTOSCALING_RANGE"
  | "INVALID_QUANTITY"
  | "REQUESTS_EXCEED_LIMITS"
  | "INVALID_ENV_NAME"
  | "INVALID_CONFIG_VALUE"
  | "SECRET_IN_CONFIG"
  | "RESERVED_CONFIG_KEY"
  | "UNKNOWN_SECRET_KEY"
  | "MISSING_KAFKA_BROKERS"
  | "INVALID_KAFKA_BROKERS"
  | "INVALID_INGRESS_FLAVOUR"
  | "INVALID_HOST"
  | "INGRESS_TLS_WITHOUT_HOST"
  | "INGRESS_TLS_SECRET_UNSUPPORTED"
  | "INGRESS_CLASS_UNSUPPORTED"
  | "SHUTDOWN_DELAY_EXCEEDS_TIMEOUT"
  | "PDB_CONFLICT"
  | "PDB_BLOCKS_EVICTION"
  | "INVALID_PORT"
  | "INVALID_CIDR"
  | "RUN_AS_ROOT"
  | "INVALID_LABEL"
  | "RESERVED_LABEL"
  | "IMAGE_INVALID"
  | "IMAGE_NOT_PINNED"
  | "IMAGE_LATEST"
  | "CONFIG_VALUE_NOT_PLAIN"
  | "KAFKA_PORTS_UNKNOWN"
  | "INVALID_METRICS_SCRAPE"
  | "INVALID_OBJECT"
  | "DUPLICATE_OBJECT"
  | "SCHEMAS_CONFLICT"
  | "INVALID_SCHEMA_FILE"
  | "INVALID_SCHEMA_MODE"
  | "SCHEMAS_REQUIRED";

/** One problem with the arguments: where (`path`, e.g. `autoscaling.maxReplicas`), what, and why. */
export interface ArgsIssue {
  readonly code: ArgsErrorCode;
  readonly path: string;
  readonly message: string;
}

/** Every problem found in one set of arguments, listed together (fail once, fix everything). */
export class IngestorArgsError extends Error {
  override readonly name = "IngestorArgsError";
  readonly issues: readonly ArgsIssue[];

  constructor(issues: readonly ArgsIssue[]) {
    super(formatIssues(issues));
    this.issues = issues;
  }
}

export function formatIssues(issues: readonly ArgsIssue[]): string {
  const lines = issues.map((i) => `  - ${i.path}: ${i.message} [${i.code}]`);
  return `invalid event-ingestor k8s-app arguments:\n${lines.join("\n")}`;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ArgsIssue[] };
