// Reads the schema folder `app.schemas` names into k8s-app's `schemas` argument: the Pulumi program (config.ts)
// and `render` both read it here, so both show the same files.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { SchemasArgs } from "@event-ingestor/k8s-app";
import { SCHEMAS_KEY, type SchemaSettings } from "./schema-settings.js";
import { StackConfigError } from "./settings.js";

/**
 * The folder's `*.json` files (file name -> text) with the mode, or undefined without `app.schemas`. Other
 * files (a README), hidden files and subfolders are left out: the ingestor reads only `<event type>.json` at
 * SCHEMA_DIR. The files' names and content are k8s-app's to check (INVALID_SCHEMA_FILE).
 *
 * @param root the project folder `dir` is relative to
 * @throws StackConfigError when the folder cannot be read or holds no `.json` file
 */
export function loadSchemas(schemas: SchemaSettings | undefined, root: string): SchemasArgs | undefined {
  if (schemas === undefined) return undefined;
  const folder = path.join(root, schemas.dir);
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      // Hidden files (an editor's `.x.json`) stay out: the ingestor skips names starting with `.` too.
      .filter((entry) => entry.isFile() && entry.name.endsWith(".json") && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new StackConfigError([
      `${SCHEMAS_KEY}.dir ${JSON.stringify(schemas.dir)} is not a folder of the project (${folder}: ${reason})`,
    ]);
  }
  if (names.length === 0) {
    // known would check nothing and strict would refuse every event: neither is what setting schemas meant.
    throw new StackConfigError([
      `${SCHEMAS_KEY}.dir ${JSON.stringify(schemas.dir)} holds no <event type>.json file (${folder})`,
    ]);
  }
  const files = Object.fromEntries(
    names.map((name) => [name, readFileSync(path.join(folder, name), "utf8")]),
  );
  return { files, ...(schemas.mode === undefined ? {} : { mode: schemas.mode }) };
}
