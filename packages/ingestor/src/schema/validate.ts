import type { ErrorObject } from "ajv/dist/2020.js";
import { ERROR_CODES, type EventProblem } from "../errors.js";
import type { IngestEvent } from "../events/types.js";
import type { EventSchemas } from "./load.js";
import type { SchemaMode } from "./modes.js";

/** A SCHEMA_VIOLATION: where in the event's data (JSON Pointer, "" for the whole) and which keyword failed. */
export interface SchemaProblem extends EventProblem {
  readonly code: "SCHEMA_VIOLATION";
  readonly instancePath: string;
  readonly keyword: string;
}

/** Checks one event; undefined when it may go on to Kafka. */
export type EventValidator = (event: IngestEvent) => SchemaProblem | undefined;

const JSON_MEDIA_TYPE = /^(?:application\/(?:[\w.+-]+\+)?json|text\/json)\s*(?:;|$)/i;

function violation(instancePath: string, keyword: string, message: string): SchemaProblem {
  return { code: "SCHEMA_VIOLATION", message, instancePath, keyword };
}

function fromAjv(error: ErrorObject | undefined): SchemaProblem {
  if (error === undefined) return violation("", "false", ERROR_CODES.SCHEMA_VIOLATION.message);
  // ajv's own wording ("must be >= 0"), prefixed as its errorsText does: "data/amount must be >= 0".
  return violation(
    error.instancePath,
    error.keyword,
    `data${error.instancePath} ${error.message ?? "is invalid"}`,
  );
}

/**
 * The data of an event as JSON: an event without data is `null` (a schema that wants an object refuses it);
 * data of a non-JSON content type cannot be checked against a JSON Schema and is a violation.
 */
function jsonData(event: IngestEvent): { ok: true; value: unknown } | { ok: false; problem: SchemaProblem } {
  if (event.data === null) return { ok: true, value: null };
  const type = event.datacontenttype;
  if (type !== undefined && !JSON_MEDIA_TYPE.test(type)) {
    return {
      ok: false,
      problem: violation(
        "",
        "type",
        `data of content type '${type}' is not JSON; the type's schema needs JSON data`,
      ),
    };
  }
  try {
    return { ok: true, value: JSON.parse(event.data.toString("utf8")) as unknown };
  } catch {
    return {
      ok: false,
      problem: violation("", "type", "data is not valid JSON; the type's schema needs JSON data"),
    };
  }
}

/**
 * The validator for SCHEMA_MODE, or undefined when nothing is validated (`off`). `known` checks the data of
 * events whose type has a schema; `strict` also refuses events whose type has none.
 */
export function createEventValidator(mode: SchemaMode, schemas: EventSchemas): EventValidator | undefined {
  if (mode === "off") return undefined;
  return (event) => {
    const validate = schemas.get(event.type);
    if (validate === undefined) {
      if (mode === "known") return undefined;
      return violation("", "schema", `no schema for event type '${event.type}' (SCHEMA_MODE=strict)`);
    }
    const data = jsonData(event);
    if (!data.ok) return data.problem;
    return validate(data.value) ? undefined : fromAjv(validate.errors?.[0]);
  };
}
