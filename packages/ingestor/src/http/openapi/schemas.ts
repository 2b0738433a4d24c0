import { ERROR_CODES, type ErrorCode } from "../../errors.js";
import {
  BASE64,
  CE_CONTEXT,
  CONTROL,
  EXTENSION_NAME,
  MAX_LENGTH,
  PLAIN_FIELDS,
} from "../../events/normalise.js";

/** A JSON Schema (2020-12, the OpenAPI 3.1 dialect), loosely typed: the document is data. */
export type Schema = Record<string, unknown>;

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** Text without control characters (what a Kafka header or key can carry), as normalise.ts checks it. */
const NO_CONTROL = `^${CONTROL.source.replace(/^\[/, "[^")}*$`;
const text = (name: keyof typeof MAX_LENGTH, description: string): Schema => ({
  type: "string",
  minLength: 1,
  maxLength: MAX_LENGTH[name],
  pattern: NO_CONTROL,
  description,
});

/** What each member of a plain event is. Every member normalise.ts accepts must be described (a test checks). */
const PLAIN_MEMBERS: Readonly<Record<string, Schema>> = {
  type: text("type", "the event type (required)"),
  id: text("id", "the event id; a UUIDv7 when absent, or derived from Idempotency-Key (see the header)"),
  source: text("source", "the event source; DEFAULT_EVENT_SOURCE when absent"),
  time: { type: "string", format: "date-time", description: "RFC 3339; the receive time when absent" },
  subject: text("subject", "the event subject"),
  key: text("key", "the Kafka record key"),
  data: { description: "any JSON value; written to Kafka as the exact text sent" },
};

/** What each CloudEvents context attribute is. */
const CE_MEMBERS: Readonly<Record<string, Schema>> = {
  specversion: { const: "1.0" },
  id: text("id", "the event id"),
  source: text("source", "the event source (URI-reference)"),
  type: text("type", "the event type"),
  time: { type: "string", format: "date-time" },
  subject: text("subject", "the event subject"),
  dataschema: text("dataschema", "the data's schema (URI)"),
  datacontenttype: text("datacontenttype", "the data's media type"),
  data: { description: "the data: JSON, or a string for a non-JSON datacontenttype" },
  data_base64: {
    type: "string",
    contentEncoding: "base64",
    pattern: BASE64.source,
    description: "binary data, base64",
  },
};

function described(fields: ReadonlySet<string>, members: Readonly<Record<string, Schema>>): Schema {
  const properties: Record<string, Schema> = {};
  for (const name of fields) {
    const schema = members[name];
    if (schema === undefined) throw new Error(`OpenAPI: field '${name}' is not described`);
    properties[name] = schema;
  }
  return properties;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const errorCodes = (status?: number): ErrorCode[] =>
  (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
    (c) => status === undefined || ERROR_CODES[c].status === status,
  );

/** The error object of a response with `status`: its code is one of the codes that answer with that status. */
export function errorSchema(status: number): Schema {
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: errorCodes(status) },
          message: { type: "string" },
          limit: { type: "integer", description: "the limit exceeded (413)" },
          supported: {
            type: "array",
            items: { type: "string" },
            description: "what is supported (415, 501)",
          },
        },
      },
      accepted: { type: "integer", const: 0 },
      rejected: { type: "integer", minimum: 1 },
      results: { type: "array", items: ref("EventResult") },
    },
  };
}

/** The component schemas, built from the definitions the code runs on. */
export function componentSchemas(limits: { readonly maxBatchEvents: number }): Record<string, Schema> {
  const contextNames = [...CE_CONTEXT].map(escape).join("|");
  const batch = (item: string): Schema => ({
    type: "array",
    minItems: 1,
    maxItems: limits.maxBatchEvents,
    items: ref(item),
  });
  return {
    PlainEvent: {
      type: "object",
      description: "An event; unknown members are refused (INVALID_EVENT), never dropped.",
      required: ["type"],
      properties: described(PLAIN_FIELDS, PLAIN_MEMBERS),
      additionalProperties: false,
    },
    CloudEvent: {
      type: "object",
      description: "A CloudEvent 1.0 in structured mode; other members are extensions.",
      required: ["specversion", "id", "source", "type"],
      properties: described(CE_CONTEXT, CE_MEMBERS),
      patternProperties: {
        [`^(?!(?:${contextNames})$)${EXTENSION_NAME.source.slice(1)}`]: {
          anyOf: [{ type: "string", pattern: NO_CONTROL }, { type: "integer" }, { type: "boolean" }],
        },
      },
      additionalProperties: false,
      not: { required: ["data", "data_base64"] },
    },
    Event: { oneOf: [ref("PlainEvent"), ref("CloudEvent")] },
    EventBatch: batch("Event"),
    CloudEventBatch: batch("CloudEvent"),
    ErrorCode: {
      type: "string",
      enum: errorCodes(),
      description: (Object.keys(ERROR_CODES) as ErrorCode[])
        .map((c) => `${c} (${ERROR_CODES[c].status}): ${ERROR_CODES[c].message}`)
        .join("\n"),
    },
    EventResult: {
      type: "object",
      required: ["index", "status"],
      properties: {
        index: { type: "integer", minimum: 0 },
        id: { type: "string" },
        status: { enum: ["accepted", "rejected"] },
        error: {
          type: "object",
          required: ["code", "message"],
          properties: {
            code: ref("ErrorCode"),
            message: { type: "string" },
            instancePath: {
              type: "string",
              description:
                "SCHEMA_VIOLATION: where in the event's data (JSON Pointer; empty: the whole data)",
            },
            keyword: {
              type: "string",
              description:
                "SCHEMA_VIOLATION: the JSON Schema keyword that failed (`schema`: no schema, strict mode)",
            },
          },
        },
      },
    },
    Accepted: {
      type: "object",
      required: ["accepted", "ids"],
      properties: {
        accepted: { type: "integer", minimum: 1 },
        ids: { type: "array", items: { type: "string" } },
      },
      additionalProperties: false,
    },
    MultiStatus: {
      type: "object",
      required: ["accepted", "rejected", "results"],
      properties: {
        accepted: { type: "integer", minimum: 1 },
        rejected: { type: "integer", minimum: 1 },
        results: { type: "array", items: ref("EventResult") },
      },
      additionalProperties: false,
    },
    Readiness: {
      type: "object",
      required: ["status", "checks"],
      properties: {
        status: { enum: ["ready", "not ready"] },
        checks: { type: "object", additionalProperties: { type: "boolean" } },
        problems: { type: "array", items: { type: "string" } },
      },
    },
    Health: { type: "object", required: ["status"], properties: { status: { const: "ok" } } },
  };
}
