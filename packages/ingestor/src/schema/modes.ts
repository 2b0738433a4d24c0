/**
 * What SCHEMA_MODE may be (config.ts reads it from here): `off` validates nothing; `known` validates the
 * data of the event types that have a schema in SCHEMA_DIR; `strict` also refuses types that have none.
 */
export const SCHEMA_MODES = ["off", "known", "strict"] as const;
export type SchemaMode = (typeof SCHEMA_MODES)[number];

/** The file that holds the schema of an event type: `<type>.json` in SCHEMA_DIR. */
export const SCHEMA_FILE_SUFFIX = ".json";
