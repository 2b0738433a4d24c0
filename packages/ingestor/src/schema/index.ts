// Per-type JSON Schema validation of event data (SCHEMA_DIR, SCHEMA_MODE): loaded and compiled once at start.
export { SCHEMA_FILE_SUFFIX, SCHEMA_MODES, type SchemaMode } from "./modes.js";
export {
  loadEventSchemas,
  nodeSchemaFiles,
  SchemaLoadError,
  type EventSchemas,
  type SchemaFiles,
} from "./load.js";
export { createEventValidator, type EventValidator, type SchemaProblem } from "./validate.js";
export { eventValidatorFor, type SchemaSettings } from "./setup.js";
