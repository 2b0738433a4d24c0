import {
  BROKER_ADDRESS,
  brokerProblem,
  fileVariant,
  SECRET_SETTINGS,
  type SettingName,
} from "@event-ingestor/ingestor/settings";
import type { SchemasArgs } from "../args.js";
import type { ArgsIssue } from "../errors.js";
import { isEnvName } from "./checks.js";
import type { Issues } from "./issues.js";

/** Set by the component from SHUTDOWN_* args and the container port; a config value would contradict them. */
const RESERVED_CONFIG: readonly string[] = [
  "PORT",
  "SHUTDOWN_DELAY_MS",
  "SHUTDOWN_TIMEOUT_MS",
] satisfies SettingName[];

/** Set by the component when it mounts `schemas`. */
const SCHEMA_SETTINGS: readonly string[] = ["SCHEMA_DIR", "SCHEMA_MODE"] satisfies SettingName[];

/** Settings the component reads to shape the objects (heap bound, proxy body limit): never outputs. */
export const READ_BY_COMPONENT: readonly string[] = [
  "KAFKA_CLIENT",
  "KAFKA_PRODUCER_THREAD",
  "MAX_BODY_BYTES",
] satisfies SettingName[];

const isSecret = (key: string): boolean => (SECRET_SETTINGS as readonly string[]).includes(key);

/** The entries of a KAFKA_BROKERS value, as the ingestor splits it. */
const entries = (brokers: string): string[] => brokers.split(",").map((entry) => entry.trim());

/** Ports of `host:port,host:port` (the ingestor's broker address format), or undefined when one is not. */
export function brokerPorts(brokers: string): number[] | undefined {
  const list = entries(brokers);
  if (list.some((entry) => brokerProblem(entry) !== undefined)) return undefined;
  return [...new Set(list.map((entry) => Number(BROKER_ADDRESS.exec(entry)?.[1])))];
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
  const reserved = [...RESERVED_CONFIG, ...(schemas === undefined ? [] : SCHEMA_SETTINGS)];
  for (const key of [...Object.keys(config), ...deferred]) {
    const path = `config.${key}`;
    if (!isEnvName(key)) issues.add("INVALID_ENV_NAME", path, `${key} is not an environment variable name`);
    if (isSecret(key)) {
      issues.add(
        "SECRET_IN_CONFIG",
        path,
        `${key} is a secret: pass it in secretConfig (a Secret), never a ConfigMap`,
      );
    }
    if (
      reserved.includes(key) ||
      SECRET_SETTINGS.some((s) => secretKeys.includes(s) && fileVariant(s) === key)
    ) {
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
  const mode = config["SCHEMA_MODE"];
  if (schemas === undefined && typeof mode === "string" && mode !== "off") {
    issues.add(
      "SCHEMAS_REQUIRED",
      "config.SCHEMA_MODE",
      `SCHEMA_MODE ${mode} needs the schemas: set the schemas argument (it sets SCHEMA_DIR and SCHEMA_MODE)`,
    );
  }
  if (!deferred.includes("KAFKA_BROKERS")) {
    const issue = brokersIssue(config["KAFKA_BROKERS"]);
    if (issue !== undefined) issues.add(issue.code, issue.path, issue.message);
  }
  for (const key of secretKeys) {
    if (!isSecret(key)) {
      issues.add(
        "UNKNOWN_SECRET_KEY",
        `secretConfig.${key}`,
        `secretConfig accepts ${SECRET_SETTINGS.join(", ")}`,
      );
    }
  }
}
