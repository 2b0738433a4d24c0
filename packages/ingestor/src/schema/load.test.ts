import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadEventSchemas, SchemaLoadError } from "./load.js";

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "schemas-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const ORDER = JSON.stringify({
  type: "object",
  required: ["amount"],
  properties: { amount: { type: "number", minimum: 0 } },
});

function loadError(dir: string): SchemaLoadError {
  try {
    loadEventSchemas(dir);
  } catch (err) {
    if (err instanceof SchemaLoadError) return err;
    throw err;
  }
  throw new Error("expected a SchemaLoadError");
}

describe("loadEventSchemas", () => {
  it("maps each <type>.json file to the event type named by the file, and compiles it", () => {
    const dir = folder({ "com.example.order.created.json": ORDER, "user.signup.json": "true" });
    const schemas = loadEventSchemas(dir);
    expect([...schemas.keys()]).toEqual(["com.example.order.created", "user.signup"]);
    const validate = schemas.get("com.example.order.created");
    expect(validate?.({ amount: 3 })).toBe(true);
    expect(validate?.({ amount: -1 })).toBe(false);
  });

  it("skips hidden entries and names not ending in .json, and reads a ConfigMap volume's symlinks", () => {
    const dir = folder({ "README.md": "# not a schema", ".hidden.json": "{" });
    mkdirSync(join(dir, "..2026_12_02"));
    writeFileSync(join(dir, "..2026_12_02", "order.json"), ORDER);
    symlinkSync("..2026_12_02", join(dir, "..data"));
    symlinkSync(join("..data", "order.json"), join(dir, "order.json"));
    expect([...loadEventSchemas(dir).keys()]).toEqual(["order"]);
  });

  it("lets a schema $ref another file by its $id, whatever the order the files are read in", () => {
    const dir = folder({
      "a.order.json": JSON.stringify({ $ref: "https://schemas.example.com/money.json" }),
      "z.money.json": JSON.stringify({ $id: "https://schemas.example.com/money.json", type: "integer" }),
    });
    const validate = loadEventSchemas(dir).get("a.order");
    expect(validate?.(5)).toBe(true);
    expect(validate?.("5")).toBe(false);
  });

  it("checks the formats of ajv-formats (email)", () => {
    const dir = folder({ "t.json": JSON.stringify({ type: "string", format: "email" }) });
    const validate = loadEventSchemas(dir).get("t");
    expect(validate?.("a@example.com")).toBe(true);
    expect(validate?.("not an email")).toBe(false);
  });

  it("an empty folder gives no schemas", () => {
    expect(loadEventSchemas(folder({})).size).toBe(0);
  });

  it("a file that is not JSON stops start-up naming the file", () => {
    const dir = folder({ "good.json": ORDER, "broken.json": "{ nope" });
    const err = loadError(dir);
    expect(err.file).toBe(join(dir, "broken.json"));
    expect(err.message).toMatch(new RegExp(`^schema ${join(dir, "broken.json")}: not valid JSON \\(`));
  });

  it("a schema with an unknown keyword (a typo) stops start-up naming the file and the keyword", () => {
    const dir = folder({ "typo.json": JSON.stringify({ type: "object", requird: ["a"] }) });
    const err = loadError(dir);
    expect(err.file).toBe(join(dir, "typo.json"));
    expect(err.message).toContain('unknown keyword: "requird"');
  });

  it("a schema the meta-schema refuses stops start-up naming the file", () => {
    const dir = folder({ "bad.json": JSON.stringify({ type: "objekt" }) });
    const err = loadError(dir);
    expect(err.file).toBe(join(dir, "bad.json"));
    expect(err.message).toContain("schema is invalid");
  });

  it("a $ref to no known schema stops start-up naming the file", () => {
    const dir = folder({
      "dangling.json": JSON.stringify({ $ref: "https://schemas.example.com/none.json" }),
    });
    const err = loadError(dir);
    expect(err.file).toBe(join(dir, "dangling.json"));
    expect(err.message).toContain("can't resolve reference");
  });

  it("a JSON value that is no schema (an array) stops start-up naming the file", () => {
    const dir = folder({ "list.json": "[1]" });
    expect(loadError(dir).message).toBe(
      `schema ${join(dir, "list.json")}: a schema is a JSON object (or true / false)`,
    );
  });

  it("a folder that does not exist stops start-up naming it", () => {
    const dir = join(tmpdir(), "no-such-schemas-folder");
    const err = loadError(dir);
    expect(err.file).toBe(dir);
    expect(err.message).toMatch(/cannot read the folder \(ENOENT/);
  });
});
