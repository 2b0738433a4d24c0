import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020, type AnySchema, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { SCHEMA_FILE_SUFFIX } from "./modes.js";

// ajv-formats is CommonJS with a default export; under NodeNext its namespace object is what `import` gives.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** A schema file that cannot be used; start-up stops with its name and why. */
export class SchemaLoadError extends Error {
  override readonly name = "SchemaLoadError";
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`schema ${file}: ${reason}`);
  }
}

/** The compiled schema of each event type, by type. */
export type EventSchemas = ReadonlyMap<string, ValidateFunction>;

/** How the folder is read; injected so tests need no files (main.ts passes node:fs). */
export interface SchemaFiles {
  /** The entries of the folder (names only). */
  readonly list: (dir: string) => readonly string[];
  readonly read: (path: string) => string;
  readonly isFile: (path: string) => boolean;
}

export const nodeSchemaFiles: SchemaFiles = {
  list: (dir) => readdirSync(dir),
  read: (path) => readFileSync(path, "utf8"),
  // statSync follows symlinks: a Kubernetes ConfigMap volume's files are links into its `..data` folder.
  isFile: (path) => statSync(path).isFile(),
};

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    // Unknown keywords and formats are errors: a typo in a schema must not silently validate nothing.
    strictSchema: true,
    strictNumbers: true,
    // Leave schema style to their authors: these only warn about legal schemas, on the console.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // The first error is what the client gets; collecting all of them costs time on every event.
    allErrors: false,
    logger: false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * Reads `<type>.json` files from `dir` and compiles each once (JSON Schema draft 2020-12 unless a file's
 * `$schema` says otherwise among those ajv's 2020 class knows). Files may `$ref` each other by `$id`. Entries
 * whose name starts with `.` (a ConfigMap volume's `..data`) and names not ending in `.json` are skipped.
 * Throws SchemaLoadError naming the first file that is not valid JSON or not a valid schema.
 */
export function loadEventSchemas(dir: string, files: SchemaFiles = nodeSchemaFiles): EventSchemas {
  let entries: readonly string[];
  try {
    entries = files.list(dir);
  } catch (err) {
    throw new SchemaLoadError(dir, `cannot read the folder (${(err as Error).message})`);
  }
  const ajv = newAjv();
  const keys: { type: string; file: string; key: string }[] = [];
  for (const name of [...entries].sort()) {
    if (name.startsWith(".") || !name.endsWith(SCHEMA_FILE_SUFFIX)) continue;
    const file = join(dir, name);
    if (!files.isFile(file)) continue;
    const type = name.slice(0, -SCHEMA_FILE_SUFFIX.length);
    let schema: unknown;
    try {
      schema = JSON.parse(files.read(file));
    } catch (err) {
      throw new SchemaLoadError(file, `not valid JSON (${(err as Error).message})`);
    }
    const isObject = typeof schema === "object" && schema !== null && !Array.isArray(schema);
    if (!isObject && typeof schema !== "boolean") {
      throw new SchemaLoadError(file, "a schema is a JSON object (or true / false)");
    }
    const id = isObject ? (schema as { $id?: unknown }).$id : undefined;
    const key = typeof id === "string" ? id : `event-type:${type}`;
    try {
      ajv.addSchema(schema as AnySchema, typeof id === "string" ? undefined : key);
    } catch (err) {
      throw new SchemaLoadError(file, (err as Error).message);
    }
    keys.push({ type, file, key });
  }
  // Compiled after every file was added, so a $ref may point at a file read later.
  const schemas = new Map<string, ValidateFunction>();
  for (const { type, file, key } of keys) {
    try {
      const validate = ajv.getSchema(key);
      if (validate === undefined) throw new Error(`no schema under '${key}'`);
      schemas.set(type, validate);
    } catch (err) {
      throw new SchemaLoadError(file, (err as Error).message);
    }
  }
  return schemas;
}
