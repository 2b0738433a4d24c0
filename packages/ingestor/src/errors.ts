/**
 * The one registry of stable error codes. Clients and tests match on `code`, never on message text.
 * Each code has the HTTP status it answers with when it decides the whole response; per-event codes
 * also appear inside 207/400 per-event results. Documented in README.md ("Error codes").
 */
export const ERROR_CODES = {
  // Whole-request errors.
  INVALID_JSON: { status: 400, message: "the body is not valid JSON" },
  INVALID_UTF8: { status: 400, message: "the body is not valid UTF-8" },
  INVALID_GZIP: { status: 400, message: "the gzip body could not be decompressed" },
  JSON_TOO_DEEP: { status: 400, message: "the JSON nests deeper than allowed" },
  EMPTY_BODY: { status: 400, message: "the body holds no events" },
  INVALID_IDEMPOTENCY_KEY: { status: 400, message: "the Idempotency-Key header is not valid" },
  ALL_EVENTS_REJECTED: { status: 400, message: "no event in the request was accepted" },
  TOO_MANY_EVENTS: { status: 413, message: "the batch holds more events than allowed" },
  BODY_TOO_LARGE: { status: 413, message: "the body is larger than allowed" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "the content type is not supported" },
  UNSUPPORTED_ENCODING: { status: 415, message: "the content encoding is not supported" },
  UNSUPPORTED_TRANSFER_ENCODING: { status: 501, message: "the transfer coding is not supported" },
  REQUEST_TIMEOUT: { status: 408, message: "the request was not received in time" },
  UNAUTHORIZED: { status: 401, message: "an API key is required" },
  FORBIDDEN: { status: 403, message: "the API key is not valid" },
  NOT_FOUND: { status: 404, message: "no such route" },
  METHOD_NOT_ALLOWED: { status: 405, message: "the method is not allowed on this route" },
  RATE_LIMITED: { status: 429, message: "this API key sent more events than its rate limit; retry later" },
  KAFKA_UNAVAILABLE: { status: 503, message: "Kafka did not acknowledge the events in time; retry later" },
  SATURATED: { status: 503, message: "the service is at capacity; retry later" },
  DRAINING: { status: 503, message: "the service is shutting down; retry on another instance" },
  DLQ_UNAVAILABLE: {
    status: 503,
    message: "rejected events could not be written to the dead-letter topic; retry later",
  },
  INTERNAL: { status: 500, message: "internal error" },
  // Per-event codes (a rejected event's reason; also the DLQ `reason`).
  INVALID_EVENT: { status: 400, message: "the event does not match the event schema" },
  EVENT_TOO_LARGE: { status: 413, message: "the event is larger than allowed" },
  RECORD_REJECTED: { status: 400, message: "Kafka refused the record permanently" },
  SCHEMA_VIOLATION: { status: 400, message: "the event's data does not match its type's JSON Schema" },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What an HttpError says beyond its code; each part optional. */
export interface HttpErrorOptions {
  /** Default: the code's message in ERROR_CODES. */
  readonly message?: string;
  /** Extra fields of the error body (e.g. `{ limit }`). */
  readonly details?: Readonly<Record<string, unknown>>;
  /** Sent as `Retry-After` (503/429). */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

/** An error that decides the HTTP response; turned into `{ error: { code, message } }` in one place. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>>;
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: ErrorCode,
    options: HttpErrorOptions = {},
  ) {
    super(options.message ?? ERROR_CODES[code].message, { cause: options.cause });
    this.status = ERROR_CODES[code].status;
    this.details = options.details ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Why one event was rejected. */
export interface EventProblem {
  readonly code: ErrorCode;
  readonly message: string;
}

export function problem(code: ErrorCode, message: string = ERROR_CODES[code].message): EventProblem {
  return { code, message };
}

/**
 * A failure to hand records to Kafka. `retriable` decides the outcome: retriable failures answer 503 and are
 * never dead-lettered; permanent ones dead-letter the records concerned.
 */
export class ProduceError extends Error {
  override readonly name = "ProduceError";
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly kind: "timeout" | "connection" | "broker" | "record" | "unknown",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
