import { SECRET_KEYS, type SchemasArgs } from "../args.js";
import type { ArgsIssue } from "../errors.js";
import { isEnvName, isPort } from "./checks.js";
import type { Issues } from "./issues.js";

/** Set by the component from SHUTDOWN_* args and the container port; a config value would contradict them. */
const RESERVED_CONFIG = ["PORT", "SHUTDOWN_DELAY_MS", "SHUTDOWN_TIMEOUT_MS"];

/** Set by the component when it mounts `schemas`. */
export const SCHEMA_DIR = "SCHEMA_DIR";

/** Settings the component reads to shape the objects (heap bound, proxy body limit): never outputs. */
export const READ_BY_COMPONENT = ["KAFKA_CLIENT", "KAFKA_PRODUCER_THREAD", "MAX_BODY_BYTES"];

/** Ports of `host:port,host:port`, or undefined when an entry has no valid port. */
export function brokerPorts(brokers: string): number[] | undefined {
  const ports = brokers.split(",").map((entry) => Number(/:(\d+)$/.exec(entry.trim())?.[1]));
  return ports.every(isPort) ? [...new Set(ports)] : undefined;
}

/** The problem with a KAFKA_BROKERS value, checked now or (for an output) once its value is known. */
export function brokersIssue(brokers: unknown): ArgsIssue | undefined {
  const path = "config.KAFKA_BROKERS";
  if (typeof brokers !== "string" || brokers.trim() === "") {
    return { code: "MISSING_KAFKA_BROKERS", path, message: "the ingestor needs its Kafka bootstrap servers" };
  }
  if (brokerPorts(brokers) === undefined) {
    return {
      code: "INVALID_KAFKA_BROKERS",
      path,
      message: `${brokers} is not a comma-separated host:port list`,
    };
  }
  return undefined;
}

/**
 * Checks the config keys (all of them, `deferred` ones being outputs whose values are not known yet) and the
 * known values.
 */
export function validateConfig(
  config: Readonly<Record<string, unknown>>,
  deferred: readonly string[],
  secretKeys: readonly string[],
  schemas: SchemasArgs | undefined,
  issues: Issues,
): void {
  const reserved = [...RESERVED_CONFIG, ...(schemas === undefined ? [] : [SCHEMA_DIR])];
  for (const key of [...Object.keys(config), ...deferred]) {
    const path = `config.${key}`;
    if (!isEnvName(key)) issues.add("INVALID_ENV_NAME", path, `${key} is not an environment variable name`);
    if ((SECRET_KEYS as readonly string[]).includes(key)) {
      issues.add(
        "SECRET_IN_CONFIG",
        path,
        `${key} is a secret: pass it in secretConfig (a Secret), never a ConfigMap`,
      );
    }
    if (reserved.includes(key) || secretKeys.some((s) => `${s}_FILE` === key)) {
      issues.add(
        "RESERVED_CONFIG_KEY",
        path,
        `${key} is set by the component (shutdown args, port, mounted secrets and schemas)`,
      );
    }
  }
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== "string")
      issues.add("INVALID_CONFIG_VALUE", `config.${key}`, "values must be strings (quote numbers)");
  }
  for (const key of deferred.filter((k) => READ_BY_COMPONENT.includes(k))) {
    issues.add(
      "CONFIG_VALUE_NOT_PLAIN",
      `config.${key}`,
      `${key} shapes the objects (heap bound, proxy limit), so it must be a plain string, not an output`,
    );
  }
  if (!deferred.includes("KAFKA_BROKERS")) {
    const issue = brokersIssue(config["KAFKA_BROKERS"]);
    if (issue !== undefined) issues.add(issue.code, issue.path, issue.message);
  }
  for (const key of secretKeys) {
    if (!(SECRET_KEYS as readonly string[]).includes(key)) {
      issues.add(
        "UNKNOWN_SECRET_KEY",
        `secretConfig.${key}`,
        `secretConfig accepts ${SECRET_KEYS.join(", ")}`,
      );
    }
  }
}
