import { describe, expect, it } from "vitest";
import type { IngestEvent } from "../events/types.js";
import type { EventSchemas } from "./load.js";
import { loadEventSchemas, type SchemaFiles } from "./load.js";
import { eventValidatorFor } from "./setup.js";
import { createEventValidator } from "./validate.js";
import { NEGATIVE_AMOUNT, schemaViolation } from "../../test/support/schema.js";

/** Schemas from memory: the loader's file access is injected. */
function schemasOf(files: Record<string, unknown>): EventSchemas {
  const fs: SchemaFiles = {
    list: () => Object.keys(files),
    read: (path) => JSON.stringify(files[path.slice("/s/".length)]),
    isFile: () => true,
  };
  return loadEventSchemas("/s", fs);
}

const SCHEMAS = schemasOf({
  "order.created.json": {
    type: "object",
    required: ["amount"],
    properties: {
      amount: { type: "number", minimum: 0 },
      lines: { type: "array", items: { type: "string" } },
    },
  },
});

function event(type: string, data: string | null, datacontenttype?: string): IngestEvent {
  return {
    specversion: "1.0",
    id: "1",
    source: "/test",
    type,
    time: "2026-12-02T00:00:00.000Z",
    extensions: {},
    data: data === null ? null : Buffer.from(data),
    key: null,
    ...(datacontenttype === undefined ? {} : { datacontenttype }),
  };
}

describe("createEventValidator", () => {
  it("off validates nothing", () => {
    expect(createEventValidator("off", SCHEMAS)).toBeUndefined();
  });

  it("known: data matching its type's schema passes", () => {
    const validate = createEventValidator("known", SCHEMAS);
    expect(validate?.(event("order.created", '{"amount": 12.5}', "application/json"))).toBeUndefined();
  });

  it("known: a violation carries the instance path, the keyword and ajv's message", () => {
    const validate = createEventValidator("known", SCHEMAS);
    expect(validate?.(event("order.created", '{"amount": -1}', "application/json"))).toEqual(NEGATIVE_AMOUNT);
    expect(validate?.(event("order.created", '{"amount": 1, "lines": ["a", 2]}'))).toEqual(
      schemaViolation("data/lines/1 must be string", "/lines/1", "type"),
    );
    expect(validate?.(event("order.created", "{}"))).toEqual(
      schemaViolation("data must have required property 'amount'", "", "required"),
    );
  });

  it("known: types without a schema pass unchecked", () => {
    const validate = createEventValidator("known", SCHEMAS);
    expect(validate?.(event("page.viewed", '"anything"'))).toBeUndefined();
  });

  it("strict: a type without a schema is refused", () => {
    const validate = createEventValidator("strict", SCHEMAS);
    expect(validate?.(event("page.viewed", "{}"))).toEqual(
      schemaViolation("no schema for event type 'page.viewed' (SCHEMA_MODE=strict)", "", "schema"),
    );
    expect(validate?.(event("order.created", '{"amount": 0}'))).toBeUndefined();
  });

  it("an event without data is checked as null", () => {
    const validate = createEventValidator("known", SCHEMAS);
    expect(validate?.(event("order.created", null))).toEqual(
      schemaViolation("data must be object", "", "type"),
    );
  });

  it("JSON content types with a suffix or parameters are read as JSON; other types are a violation", () => {
    const validate = createEventValidator("known", SCHEMAS);
    const ok = '{"amount": 1}';
    expect(
      validate?.(event("order.created", ok, "application/vnd.order+json; charset=utf-8")),
    ).toBeUndefined();
    expect(validate?.(event("order.created", ok, "text/plain"))).toEqual(
      schemaViolation(
        "data of content type 'text/plain' is not JSON; the type's schema needs JSON data",
        "",
        "type",
      ),
    );
    expect(validate?.(event("order.created", "{", "application/json"))?.message).toBe(
      "data is not valid JSON; the type's schema needs JSON data",
    );
  });

  it("a schema of `false` refuses every event of its type", () => {
    const validate = createEventValidator("known", schemasOf({ "blocked.json": false }));
    expect(validate?.(event("blocked", "{}"))).toEqual(
      schemaViolation("data boolean schema is false", "", "false schema"),
    );
  });
});

describe("eventValidatorFor", () => {
  const files = {
    list: () => ["order.created.json"],
    read: () => JSON.stringify({ type: "object" }),
    isFile: () => true,
  };

  it("off reads no file and validates nothing", () => {
    const unreadable = {
      ...files,
      list: () => {
        throw new Error("must not be read");
      },
    };
    expect(eventValidatorFor({ mode: "off", dir: "/s" }, unreadable)).toEqual({
      validate: undefined,
      types: [],
    });
  });

  it("known and strict compile the folder once and name its types", () => {
    const { validate, types } = eventValidatorFor({ mode: "strict", dir: "/s" }, files);
    expect(types).toEqual(["order.created"]);
    expect(validate?.(event("order.created", "{}"))).toBeUndefined();
    expect(validate?.(event("other", "{}"))?.keyword).toBe("schema");
  });
});
