import { ERROR_CODES, type ErrorCode } from "../../errors.js";
import type { SUPPORTED_TYPES } from "../../events/decode.js";
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS } from "../cors.js";
import { MAX_IDEMPOTENCY_KEY_LENGTH } from "../../edge/idempotency.js";
import { componentSchemas, errorSchema, ref, type Schema } from "./schemas.js";

type SupportedType = (typeof SUPPORTED_TYPES)[number];

/** How each accepted body form is described: the compiler checks that every SUPPORTED_TYPES entry is here. */
const BODY_FORMS: Readonly<Record<SupportedType, { media: string; schema: Schema; description: string }>> = {
  "application/json": {
    media: "application/json",
    schema: { oneOf: [ref("Event"), ref("EventBatch")] },
    description: "one event, or an array of events (a batch)",
  },
  "application/x-ndjson": {
    media: "application/x-ndjson",
    schema: { type: "string", description: "one JSON event per line; blank lines ignored, CRLF accepted" },
    description: "one event per line",
  },
  "application/cloudevents+json": {
    media: "application/cloudevents+json",
    schema: ref("CloudEvent"),
    description: "one CloudEvent, structured mode",
  },
  "application/cloudevents-batch+json": {
    media: "application/cloudevents-batch+json",
    schema: ref("CloudEventBatch"),
    description: "a batch of structured CloudEvents",
  },
  "binary-mode CloudEvents (ce-specversion, ce-id, ce-type, ce-source headers) with any content type": {
    media: "*/*",
    schema: { description: "the event's data, byte for byte" },
    description:
      "binary-mode CloudEvent: with the ce-specversion, ce-id, ce-type and ce-source headers, any content type; the body is the data",
  },
};

/** Other media types the decoder takes, as the same forms. */
const ALIASES: Readonly<Record<string, { schema: Schema; description: string }>> = {
  "application/ndjson": {
    schema: BODY_FORMS["application/x-ndjson"].schema,
    description: "as application/x-ndjson",
  },
  "text/plain": {
    schema: { type: "string", contentMediaType: "application/json" },
    description: "JSON text, as fetch() and navigator.sendBeacon() send a string (no CORS preflight)",
  },
  "application/x-www-form-urlencoded": {
    schema: { type: "string", contentMediaType: "application/json" },
    description: "JSON text, as `curl -d` sends it",
  },
};

/**
 * Codes answered by routing, not by an operation: any other path (404), a listed path asked with a method it
 * does not serve (405, with Allow). OpenAPI describes operations, so these have no response object; the
 * document's description names them, and the ErrorCode enum lists them.
 */
const ROUTING: ReadonlySet<ErrorCode> = new Set(["NOT_FOUND", "METHOD_NOT_ALLOWED"]);
/** The codes operations answer with: each of their statuses has one response object. */
const OPERATION_CODES = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => !ROUTING.has(c));

const header = (description: string, schema: Schema = { type: "string" }): Schema => ({
  description,
  schema,
});
const REQUEST_ID = header("the request id: the client's X-Request-Id when valid, else a new one");
const RETRY_AFTER = header("seconds to wait before retrying", { type: "integer", minimum: 1 });

const statusesOf = (codes: readonly ErrorCode[]): number[] =>
  [...new Set(codes.map((c) => ERROR_CODES[c].status))].sort((a, b) => a - b);

function errorResponse(status: number): Schema {
  const codes = (Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ERROR_CODES[c].status === status);
  const headers: Record<string, Schema> = { "X-Request-Id": REQUEST_ID };
  if (status === 503 || status === 429) headers["Retry-After"] = RETRY_AFTER;
  if (status === 401) headers["WWW-Authenticate"] = header('`Bearer realm="event-ingestor"`');
  return {
    description: codes.map((c) => `${c}: ${ERROR_CODES[c].message}`).join("; "),
    headers,
    content: { "application/json": { schema: errorSchema(status) } },
  };
}

const responseRef = (status: number): Schema => ({ $ref: `#/components/responses/Error${status}` });

function ok(description: string, media: string, schema: Schema): Schema {
  return { description, headers: { "X-Request-Id": REQUEST_ID }, content: { [media]: { schema } } };
}

const withInternal = (responses: Record<string, Schema>): Record<string, Schema> => ({
  ...responses,
  "500": responseRef(500),
});

/** Whether the instance checks API keys (API_KEYS): then no request goes without one. */
function postEvents(authRequired: boolean): Schema {
  const content: Record<string, Schema> = {};
  for (const form of Object.values(BODY_FORMS)) {
    content[form.media] = { schema: { ...form.schema, description: form.description } };
  }
  for (const [media, alias] of Object.entries(ALIASES)) {
    content[media] = { schema: { ...alias.schema, description: alias.description } };
  }
  const responses: Record<string, Schema> = {
    "202": ok("every event accepted: durably in Kafka", "application/json", ref("Accepted")),
    "207": ok(
      "some events accepted, some rejected (and dead-lettered)",
      "application/json",
      ref("MultiStatus"),
    ),
  };
  for (const status of statusesOf(OPERATION_CODES)) responses[String(status)] = responseRef(status);
  // Header values: visible ASCII; '%' only as percent-encoding (the HTTP binding's), so not generated here.
  const binary = (
    name: string,
    description: string,
    schema: Schema = { type: "string", pattern: "^[!-$&-~]+$" },
  ): Schema => ({
    name: `ce-${name}`,
    in: "header",
    description: `binary mode: ${description}`,
    schema,
  });
  return {
    operationId: "postEvents",
    summary: "Write events to Kafka",
    description:
      "A 2xx means every event listed as accepted is durably in Kafka. Rejected events are dead-lettered with their reason. " +
      "Binary mode needs all of ce-specversion, ce-id, ce-source and ce-type; Content-Encoding: gzip needs a gzip body. " +
      "Other methods on /events answer 405 with Allow.",
    // `{}`: anonymous allowed, as without API_KEYS.
    security: [...(authRequired ? [] : [{}]), { bearerAuth: [] }, { apiKeyAuth: [] }],
    parameters: [
      {
        name: "Idempotency-Key",
        in: "header",
        description:
          'makes the ids of events sent without one deterministic: uuidv5(IDEMPOTENCY_NAMESPACE, key + "\\n" + index), so a retry writes the same ce_id',
        schema: {
          type: "string",
          minLength: 1,
          maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
          pattern: "^[\\x21-\\x7e]+$",
        },
      },
      {
        name: "traceparent",
        in: "header",
        description:
          "W3C Trace Context; becomes each event's traceparent extension (ce_traceparent) unless it has its own",
        // No pattern: a malformed traceparent is ignored (Trace Context), not refused.
        schema: { type: "string" },
        examples: { sampled: { value: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" } },
      },
      {
        name: "tracestate",
        in: "header",
        description: "W3C Trace Context, with a valid traceparent",
        schema: { type: "string" },
      },
      {
        name: "X-Request-Id",
        in: "header",
        description:
          "echoed when it is 1-128 of A-Z a-z 0-9 . _ : -, else replaced by a new id (never refused)",
        schema: { type: "string" },
      },
      {
        name: "Content-Encoding",
        in: "header",
        description: "gzip: the body is gzip (MAX_BODY_BYTES applies after decompression)",
        schema: { enum: ["gzip", "x-gzip", "identity"] },
      },
      binary("specversion", "the CloudEvents spec version; its presence selects binary mode", {
        enum: ["1.0"],
      }),
      binary("id", "the event id"),
      binary("source", "the event source"),
      binary("type", "the event type"),
      binary("time", "the event time (RFC 3339)", { type: "string", format: "date-time" }),
      binary("subject", "the event subject"),
      binary("dataschema", "the data's schema"),
    ],
    requestBody: { required: true, content },
    responses,
  };
}

/**
 * The OpenAPI 3.1 document of the service, built from the definitions the code runs on, for an instance's
 * batch limit and whether it checks API keys (the committed openapi.json: the defaults, auth off).
 */
export function openApiDocument(
  limits: { readonly maxBatchEvents: number } = { maxBatchEvents: 1000 },
  { authRequired = false }: { readonly authRequired?: boolean } = {},
) {
  const responses: Record<string, Schema> = {};
  for (const status of statusesOf(OPERATION_CODES)) responses[`Error${status}`] = errorResponse(status);
  return {
    openapi: "3.1.0",
    info: {
      title: "Event Ingestor",
      version: "1.0.0",
      description:
        "Takes events over HTTP and writes them to Apache Kafka (CloudEvents Kafka binding, binary mode). " +
        "Errors share one shape, { error: { code, message } }; match on the code. Any other path answers 404 NOT_FOUND, " +
        "and a path below asked with a method it does not list 405 METHOD_NOT_ALLOWED with Allow naming its methods, both with that shape. " +
        `CORS (CORS_ORIGINS): allowed request headers ${CORS_ALLOWED_HEADERS.join(", ")} and ce-*; exposed ${CORS_EXPOSED_HEADERS.join(", ")}.`,
    },
    paths: {
      "/events": {
        post: postEvents(authRequired),
        options: {
          operationId: "eventsOptions",
          summary: "CORS preflight (with CORS headers when the Origin is in CORS_ORIGINS)",
          responses: { "204": { description: "allowed", headers: { Allow: header("OPTIONS, POST") } } },
        },
      },
      "/healthz": {
        get: {
          operationId: "health",
          summary: "Liveness",
          responses: withInternal({ "200": ok("the process serves", "application/json", ref("Health")) }),
        },
      },
      "/readyz": {
        get: {
          operationId: "readiness",
          summary: "Readiness: producer connected, topics exist and durable, not draining",
          responses: withInternal({
            "200": ok("ready", "application/json", ref("Readiness")),
            "503": ok("not ready; the failing checks are false", "application/json", ref("Readiness")),
          }),
        },
      },
      "/metrics": {
        get: {
          operationId: "metrics",
          summary: "Prometheus metrics",
          responses: withInternal({ "200": ok("Prometheus text format", "text/plain", { type: "string" }) }),
        },
      },
      "/openapi.json": {
        get: {
          operationId: "openapi",
          summary: "This document",
          responses: withInternal({ "200": ok("OpenAPI 3.1", "application/json", { type: "object" }) }),
        },
      },
    },
    components: {
      schemas: componentSchemas(limits),
      responses,
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "an API key (API_KEYS) as a bearer token",
        },
        apiKeyAuth: { type: "apiKey", in: "header", name: "X-API-Key" },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
