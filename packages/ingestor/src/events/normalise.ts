import { problem, type EventProblem } from "../errors.js";
import { objectMembers } from "./members.js";
import type { IngestEvent, NormaliseContext } from "./types.js";

type Result =
  { ok: true; event: IngestEvent } | { ok: false; problem: EventProblem; partial?: Partial<IngestEvent> };

/** The members of a plain (non-CloudEvents) JSON event; only `type` is required. */
export const PLAIN_FIELDS = new Set(["type", "id", "source", "time", "subject", "key", "data"]);
/** CloudEvents 1.0 context attributes and data members of a structured event; other members are extensions. */
export const CE_CONTEXT = new Set([
  "specversion",
  "id",
  "source",
  "type",
  "time",
  "subject",
  "dataschema",
  "datacontenttype",
  "data",
  "data_base64",
]);
// CloudEvents 1.0: extension names are lower-case ASCII letters or digits, at most 20 characters.
export const EXTENSION_NAME = /^[a-z0-9]{1,20}$/;
// RFC 3339 date-time, as CloudEvents requires for `time`.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
// eslint-disable-next-line no-control-regex -- rejecting control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f]/;
export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** The longest value each text attribute may have (characters). */
export const MAX_LENGTH = {
  type: 256,
  id: 256,
  source: 1024,
  subject: 1024,
  key: 1024,
  dataschema: 1024,
  datacontenttype: 256,
} as const;
// A UTF-16 surrogate without its other half has no UTF-8 form: "x-\ud800" and "x-\udfff" both became
// "x-\uFFFD" in a Kafka header, so two distinct ids collapsed into one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text value cannot travel as a Kafka header or key, or undefined when it can. */
function textProblem(name: string, v: string): string | undefined {
  if (CONTROL.test(v)) return `'${name}' must not contain control characters`;
  if (LONE_SURROGATE.test(v)) return `'${name}' must be valid Unicode (it holds a lone surrogate)`;
  return undefined;
}

const invalid = (message: string, partial?: Partial<IngestEvent>): Result =>
  partial === undefined
    ? { ok: false, problem: problem("INVALID_EVENT", message) }
    : { ok: false, problem: problem("INVALID_EVENT", message), partial };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks an attribute; returns an error message, or undefined when it is fine. */
function checkString(name: string, v: unknown, required: boolean, max: number): string | undefined {
  if (v === undefined) return required ? `'${name}' is required` : undefined;
  if (typeof v !== "string") return `'${name}' must be a string`;
  if (v.length === 0) return `'${name}' must not be empty`;
  if (v.length > max) return `'${name}' must be at most ${max} characters`;
  return textProblem(name, v);
}

function checkTime(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string" || !RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    return "'time' must be an RFC 3339 timestamp";
  }
  return undefined;
}

/** The JSON text of `data` as the client sent it (a slice of the event's text), or null when absent. */
type DataText = (value: unknown) => Buffer | null;

const reserialise: DataText = (v) => (v === undefined ? null : Buffer.from(JSON.stringify(v)));

/**
 * Reads an event's members from its original text. `raw` is absent only for values that never were text of
 * their own; then the data is re-serialised.
 */
function dataTextOf(
  raw: string | undefined,
): { ok: true; data: DataText } | { ok: false; duplicate: string } {
  if (raw === undefined) return { ok: true, data: reserialise };
  const members = objectMembers(raw);
  if (!members.ok) return members;
  const span = members.spans.get("data");
  return {
    ok: true,
    data: (v) =>
      v === undefined || span === undefined ? null : Buffer.from(raw.slice(span.start, span.end)),
  };
}

function firstError(...checks: (string | undefined)[]): string | undefined {
  return checks.find((c) => c !== undefined);
}

function known(o: Record<string, unknown>): Partial<IngestEvent> {
  const p: { id?: string; type?: string; source?: string } = {};
  if (typeof o["id"] === "string") p.id = o["id"];
  if (typeof o["type"] === "string") p.type = o["type"];
  if (typeof o["source"] === "string") p.source = o["source"];
  return p;
}

/**
 * Normalises a parsed JSON value. A plain event is `{ type, id?, source?, time?, subject?, key?, data? }`;
 * an object with `specversion` is taken as a structured-mode CloudEvent.
 */
export function normaliseJson(
  value: unknown,
  ctx: NormaliseContext,
  requireCloudEvent = false,
  raw?: string,
): Result {
  if (!isRecord(value)) return invalid("an event must be a JSON object");
  const text = dataTextOf(raw);
  if (!text.ok) return invalid(`member '${text.duplicate}' appears more than once`, known(value));
  if (requireCloudEvent || value["specversion"] !== undefined)
    return normaliseStructured(value, ctx, text.data);
  const unknownField = Object.keys(value).find((k) => !PLAIN_FIELDS.has(k));
  // Unknown fields are refused rather than dropped: dropping them would lose data silently.
  if (unknownField !== undefined) {
    return invalid(
      `unknown field '${unknownField}' (allowed: ${[...PLAIN_FIELDS].join(", ")})`,
      known(value),
    );
  }
  const error = firstError(
    checkString("type", value["type"], true, MAX_LENGTH.type),
    checkString("id", value["id"], false, MAX_LENGTH.id),
    checkString("source", value["source"], false, MAX_LENGTH.source),
    checkTime(value["time"]),
    checkString("subject", value["subject"], false, MAX_LENGTH.subject),
    checkString("key", value["key"], false, MAX_LENGTH.key),
  );
  if (error !== undefined) return invalid(error, known(value));
  const subject = value["subject"] as string | undefined;
  const data = text.data(value["data"]);
  return {
    ok: true,
    event: {
      specversion: "1.0",
      type: value["type"] as string,
      id: (value["id"] as string | undefined) ?? ctx.newId(),
      source: (value["source"] as string | undefined) ?? ctx.defaultSource,
      time: (value["time"] as string | undefined) ?? ctx.receivedAt,
      ...(subject === undefined ? {} : { subject }),
      ...(data === null ? {} : { datacontenttype: "application/json" }),
      extensions: {},
      data,
      key: (value["key"] as string | undefined) ?? null,
    },
  };
}

function extensionValue(name: string, v: unknown): string | { error: string } {
  if (typeof v === "string") {
    const problem = textProblem(name, v);
    return problem === undefined ? v : { error: problem };
  }
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  if (typeof v === "boolean") return String(v);
  return { error: `extension '${name}' must be a string, integer or boolean` };
}

/** A structured-mode CloudEvent (application/cloudevents+json or a batch element). */
export function normaliseStructured(
  o: Record<string, unknown>,
  ctx: NormaliseContext,
  dataText: DataText = reserialise,
): Result {
  if (o["specversion"] !== "1.0") return invalid("'specversion' must be \"1.0\"", known(o));
  const error = firstError(
    checkString("id", o["id"], true, MAX_LENGTH.id),
    checkString("source", o["source"], true, MAX_LENGTH.source),
    checkString("type", o["type"], true, MAX_LENGTH.type),
    checkTime(o["time"]),
    checkString("subject", o["subject"], false, MAX_LENGTH.subject),
    checkString("dataschema", o["dataschema"], false, MAX_LENGTH.dataschema),
    checkString("datacontenttype", o["datacontenttype"], false, MAX_LENGTH.datacontenttype),
  );
  if (error !== undefined) return invalid(error, known(o));
  if (o["data"] !== undefined && o["data_base64"] !== undefined) {
    return invalid("'data' and 'data_base64' are mutually exclusive", known(o));
  }
  const extensions: Record<string, string> = {};
  for (const [name, v] of Object.entries(o)) {
    if (CE_CONTEXT.has(name)) continue;
    if (!EXTENSION_NAME.test(name)) {
      return invalid(`'${name}' is not a valid CloudEvents extension name (a-z, 0-9, at most 20)`, known(o));
    }
    const ext = extensionValue(name, v);
    if (typeof ext !== "string") return invalid(ext.error, known(o));
    extensions[name] = ext;
  }
  let contentType = o["datacontenttype"] as string | undefined;
  let data: Buffer | null;
  if (o["data_base64"] !== undefined) {
    const b64 = o["data_base64"];
    if (typeof b64 !== "string" || !BASE64.test(b64)) {
      return invalid("'data_base64' must be base64", known(o));
    }
    data = Buffer.from(b64, "base64");
  } else if (typeof o["data"] === "string" && contentType !== undefined && !isJsonType(contentType)) {
    if (LONE_SURROGATE.test(o["data"])) return invalid("'data' must be valid Unicode", known(o));
    data = Buffer.from(o["data"]);
  } else {
    data = dataText(o["data"]);
    if (data !== null) contentType ??= "application/json";
  }
  const { partitionkey, ...rest } = extensions;
  return {
    ok: true,
    event: {
      specversion: "1.0",
      id: o["id"] as string,
      source: o["source"] as string,
      type: o["type"] as string,
      time: (o["time"] as string | undefined) ?? ctx.receivedAt,
      ...optional("subject", o["subject"]),
      ...optional("dataschema", o["dataschema"]),
      ...(contentType === undefined ? {} : { datacontenttype: contentType }),
      extensions: rest,
      data,
      key: partitionkey ?? null,
    },
  };
}

function optional<K extends string>(name: K, v: unknown): Partial<Record<K, string>> {
  return typeof v === "string" ? ({ [name]: v } as Partial<Record<K, string>>) : {};
}

export function isJsonType(contentType: string): boolean {
  const t = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return t === "application/json" || t.endsWith("+json") || t === "text/json";
}

/** Binary-mode CloudEvent: attributes in `ce-*` headers, the body is the data. */
export function normaliseBinary(
  headers: ReadonlyMap<string, string>,
  body: Buffer,
  contentType: string | undefined,
  ctx: NormaliseContext,
): Result {
  const attrs: Record<string, unknown> = {};
  for (const [name, value] of headers) {
    if (!name.startsWith("ce-")) continue;
    let decoded = value;
    try {
      // The HTTP binding percent-encodes header values outside printable ASCII.
      decoded = decodeURIComponent(value);
    } catch {
      return invalid(`header '${name}' is not valid percent-encoding`);
    }
    attrs[name.slice(3)] = decoded;
  }
  for (const reserved of ["data", "data_base64", "datacontenttype"]) {
    if (attrs[reserved] !== undefined) return invalid(`header 'ce-${reserved}' is not allowed`, known(attrs));
  }
  const structured = normaliseStructured(attrs, ctx);
  if (!structured.ok) return structured;
  return {
    ok: true,
    event: {
      ...structured.event,
      ...(contentType === undefined ? {} : { datacontenttype: contentType }),
      data: body.length === 0 ? null : body,
    },
  };
}
