import { loadEventSchemas, nodeSchemaFiles, type SchemaFiles } from "./load.js";
import type { SchemaMode } from "./modes.js";
import { createEventValidator, type EventValidator } from "./validate.js";

/** SCHEMA_MODE and SCHEMA_DIR as the configuration gives them. */
export interface SchemaSettings {
  readonly mode: SchemaMode;
  /** Required unless the mode is `off` (config.ts refuses the environment otherwise). */
  readonly dir?: string | undefined;
}

/**
 * The validator the settings ask for, compiled once (start-up): `off` reads no file. Throws SchemaLoadError
 * naming the file that cannot be used.
 */
export function eventValidatorFor(
  settings: SchemaSettings,
  files: SchemaFiles = nodeSchemaFiles,
): { readonly validate: EventValidator | undefined; readonly types: readonly string[] } {
  if (settings.mode === "off" || settings.dir === undefined) return { validate: undefined, types: [] };
  const schemas = loadEventSchemas(settings.dir, files);
  return { validate: createEventValidator(settings.mode, schemas), types: [...schemas.keys()] };
}
