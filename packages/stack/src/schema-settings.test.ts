import { describe, expect, it } from "vitest";
import { parseSchemaSettings } from "./schema-settings.js";
import { parseStackSettings, StackConfigError, type RawStackConfig } from "./settings.js";

function parse(value: unknown): { settings: unknown; problems: string[] } {
  const problems: string[] = [];
  return { settings: parseSchemaSettings(value, problems), problems };
}

const stack = (app: unknown): RawStackConfig => ({
  stack: "gcp",
  cloud: undefined,
  imageTag: undefined,
  app,
  kafka: undefined,
});

describe("app.schemas", () => {
  it("is off unless set, and takes a project folder with known or strict, the mode left to k8s-app when unset", () => {
    expect(parse(undefined)).toEqual({ settings: undefined, problems: [] });
    expect(parse({ dir: "schemas/" })).toEqual({
      settings: { dir: "schemas/", mode: undefined },
      problems: [],
    });
    expect(parse({ dir: "deploy/schemas", mode: "strict" })).toEqual({
      settings: { dir: "deploy/schemas", mode: "strict" },
      problems: [],
    });
    expect(parseStackSettings(stack({ schemas: { dir: "schemas", mode: "known" } })).app.schemas).toEqual({
      dir: "schemas",
      mode: "known",
    });
  });

  it("refuses mode off, a folder outside the project or absolute, no folder, unknown keys and a non-object", () => {
    expect(parse({ dir: "schemas", mode: "off" }).problems).toEqual([
      'event-ingestor:app.schemas.mode must be one of known, strict, got "off"',
    ]);
    for (const dir of ["../schemas", "/etc/schemas", "schemas/../../x", "./schemas", ""]) {
      expect(parse({ dir }).problems).toEqual([
        `event-ingestor:app.schemas.dir must match ${String.raw`^[\w-][\w.-]*(\/[\w-][\w.-]*)*\/?$`}, got ${JSON.stringify(dir)}`,
      ]);
    }
    expect(parse({ mode: "known", path: "schemas" })).toEqual({
      settings: undefined,
      problems: [
        "event-ingestor:app.schemas.path is not a known setting",
        "event-ingestor:app.schemas.dir is required: the project's folder of <event type>.json files",
      ],
    });
    expect(parse("schemas/").problems).toEqual([
      'event-ingestor:app.schemas must be an object ({ dir, mode }), got "schemas/"',
    ]);
  });

  it("keeps SCHEMA_DIR and SCHEMA_MODE out of app.env: the schemas setting sets both", () => {
    try {
      parseStackSettings(stack({ env: { SCHEMA_MODE: "strict", SCHEMA_DIR: "/s" } }));
      expect.unreachable("parseStackSettings accepted SCHEMA_* in app.env");
    } catch (error) {
      expect(error).toBeInstanceOf(StackConfigError);
      expect((error as StackConfigError).problems).toEqual([
        "event-ingestor:app.env.SCHEMA_MODE is set from event-ingestor:app.schemas; set it there",
        "event-ingestor:app.env.SCHEMA_DIR is set from event-ingestor:app.schemas; set it there",
      ]);
    }
  });
});
