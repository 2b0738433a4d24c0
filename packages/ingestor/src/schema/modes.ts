import { SCHEMA_MODES } from "../settings.js";

/** SCHEMA_MODE's values, declared with the setting in the settings contract (src/settings.ts). */
export { SCHEMA_MODES };
export type SchemaMode = (typeof SCHEMA_MODES)[number];

/** The file that holds the schema of an event type: `<type>.json` in SCHEMA_DIR. */
export const SCHEMA_FILE_SUFFIX = ".json";
