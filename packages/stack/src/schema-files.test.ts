import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./paths.js";
import { loadSchemas } from "./schema-files.js";
import { StackConfigError } from "./settings.js";

const FIXTURE = "packages/stack/test/fixtures/schemas";
const fixture = (file: string): string => readFileSync(path.join(repoRoot, FIXTURE, file), "utf8");
const root = mkdtempSync(path.join(tmpdir(), "stack-schemas-"));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function problemsOf(load: () => unknown): readonly string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("loadSchemas", () => {
  it("reads nothing without app.schemas", () => {
    expect(loadSchemas(undefined, "/nonexistent")).toBeUndefined();
  });

  it("takes the folder's .json files by name, as written, and leaves other files, hidden ones and subfolders out", () => {
    mkdirSync(path.join(root, "nested", "sub.json"), { recursive: true });
    writeFileSync(path.join(root, "nested", "a.b.json"), '{"type":"object"}');
    writeFileSync(path.join(root, "nested", ".a.b.json"), "{}");
    expect(loadSchemas({ dir: FIXTURE, mode: "strict" }, repoRoot)).toEqual({
      files: {
        "com.acme.order.created.json": fixture("com.acme.order.created.json"),
        "com.acme.user.signed-up.json": fixture("com.acme.user.signed-up.json"),
      },
      mode: "strict",
    });
    expect(loadSchemas({ dir: "nested/", mode: undefined }, root)).toEqual({
      files: { "a.b.json": '{"type":"object"}' },
    });
  });

  it("refuses a folder that is missing or holds no .json file, naming the key and the path", () => {
    mkdirSync(path.join(root, "empty"));
    writeFileSync(path.join(root, "empty", "README.md"), "no schema here");
    expect(problemsOf(() => loadSchemas({ dir: "missing", mode: undefined }, root))).toEqual([
      `event-ingestor:app.schemas.dir "missing" is not a folder of the project (${path.join(root, "missing")}: ENOENT)`,
    ]);
    expect(problemsOf(() => loadSchemas({ dir: "empty", mode: "known" }, root))).toEqual([
      `event-ingestor:app.schemas.dir "empty" holds no <event type>.json file (${path.join(root, "empty")})`,
    ]);
  });
});
