// `event-ingestor:app.schemas`: per-event-type JSON Schemas from a folder of the project. The stack reads the
// folder's `*.json` files (schema-files.ts) and hands them to k8s-app's `schemas` argument, which mounts them at
// SCHEMA_DIR and sets SCHEMA_MODE.
import { SCHEMA_MODES, type SettingName } from "@event-ingestor/ingestor/settings";
import type { SchemaMode } from "@event-ingestor/k8s-app";
import { isRecord, oneOf, str, unknownKeys } from "@event-ingestor/platform";

/** The modes a stack may ask for: mounting schemas to switch validation off would be a contradiction. */
export const STACK_SCHEMA_MODES: readonly SchemaMode[] = SCHEMA_MODES.filter(
  (m): m is SchemaMode => m !== "off",
);

/** The ingestor settings k8s-app sets from the schemas argument; `app.env` may not set them. */
export const SCHEMA_ENV = ["SCHEMA_DIR", "SCHEMA_MODE"] as const satisfies readonly SettingName[];

export interface SchemaSettings {
  /** The folder of `<event type>.json` files, relative to the project (the repository root), e.g. `schemas/`. */
  readonly dir: string;
  /** SCHEMA_MODE; unset leaves k8s-app's default (`known`). */
  readonly mode: SchemaMode | undefined;
}

export const SCHEMAS_KEY = "event-ingestor:app.schemas";
/**
 * A relative path whose segments start with a letter, digit, `_` or `-`: no absolute path (the stack file is
 * shared between machines) and no `.`/`..` segment, so the folder stays inside the project.
 */
const DIR = /^[\w-][\w.-]*(\/[\w-][\w.-]*)*\/?$/;

/** Parses `app.schemas` (pure); undefined when unset or invalid, problems appended to `problems`. */
export function parseSchemaSettings(raw: unknown, problems: string[]): SchemaSettings | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    problems.push(`${SCHEMAS_KEY} must be an object ({ dir, mode }), got ${JSON.stringify(raw)}`);
    return undefined;
  }
  const own: string[] = [];
  unknownKeys(raw, ["dir", "mode"], own);
  const dir = str(raw, "dir", DIR, own);
  if (raw["dir"] === undefined) own.push("dir is required: the project's folder of <event type>.json files");
  const mode = oneOf(raw, "mode", STACK_SCHEMA_MODES, own);
  problems.push(...own.map((p) => `${SCHEMAS_KEY}.${p}`));
  return dir === undefined ? undefined : { dir, mode };
}
