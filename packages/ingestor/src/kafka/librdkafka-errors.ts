import { ProduceError } from "../errors.js";

/**
 * librdkafka error codes the adapter decides on (rdkafka.h; the enum only ever grows, so the numbers are
 * stable). Named as in the module's CODES.ERRORS; an integration test checks them against it. Kept here so
 * that classifying needs no native module.
 */
export const RD_ERRORS = {
  ERR__TRANSPORT: -195,
  ERR__RESOLVE: -193,
  ERR__MSG_TIMED_OUT: -192,
  ERR__UNKNOWN_TOPIC: -188,
  ERR__ALL_BROKERS_DOWN: -187,
  ERR__TIMED_OUT: -185,
  ERR__QUEUE_FULL: -184,
  ERR__SSL: -181,
  ERR__AUTHENTICATION: -169,
  ERR__TIMED_OUT_QUEUE: -166,
  ERR__INVALID_DIFFERENT_RECORD: -138,
  ERR_UNKNOWN_TOPIC_OR_PART: 3,
  ERR_REQUEST_TIMED_OUT: 7,
  ERR_MSG_SIZE_TOO_LARGE: 10,
  ERR_RECORD_LIST_TOO_LARGE: 18,
  ERR_INVALID_TIMESTAMP: 32,
  ERR_INVALID_RECORD: 87,
} as const;
const E = RD_ERRORS;

/** Errors that condemn the record itself: sending it again cannot succeed, so it is dead-lettered. */
const RECORD_ERRORS: ReadonlySet<number> = new Set([
  E.ERR_MSG_SIZE_TOO_LARGE,
  E.ERR_RECORD_LIST_TOO_LARGE,
  E.ERR_INVALID_RECORD,
  E.ERR_INVALID_TIMESTAMP,
]);
// ERR__INVALID_DIFFERENT_RECORD is left out on purpose: librdkafka gives it to the good siblings of an
// invalid record in the same batch. CORRUPT_MESSAGE too: a checksum failure is the network's, not the event's.

/**
 * With auto-creation off, a record for a topic that does not exist waits in librdkafka for the topic to
 * appear and fails only when message.timeout.ms (KAFKA_DELIVERY_TIMEOUT_MS) runs out, as _MSG_TIMED_OUT
 * (or as _UNKNOWN_TOPIC / UNKNOWN_TOPIC_OR_PART once topic.metadata.propagation.max.ms passed): retriable,
 * since the topic may be being created.
 */
const TIMEOUTS: ReadonlySet<number> = new Set([
  E.ERR__MSG_TIMED_OUT,
  E.ERR__TIMED_OUT,
  E.ERR__TIMED_OUT_QUEUE,
  E.ERR_REQUEST_TIMED_OUT,
  E.ERR__UNKNOWN_TOPIC,
  E.ERR_UNKNOWN_TOPIC_OR_PART,
]);
const CONNECTION: ReadonlySet<number> = new Set([
  E.ERR__TRANSPORT,
  E.ERR__RESOLVE,
  E.ERR__ALL_BROKERS_DOWN,
  E.ERR__SSL,
  E.ERR__AUTHENTICATION,
]);

export interface RdErrorLike {
  readonly code?: number;
  readonly message?: string;
}

/**
 * Turns a librdkafka error (a delivery report's or a throwing produce()'s) into the project's ProduceError.
 * `fitsTopic` says whether the record alone is within the topic's max.message.bytes: the broker refuses a
 * whole batch that is over it, and then MSG_SIZE_TOO_LARGE is not the record's fault.
 */
export function classifyLibrdkafkaError(err: RdErrorLike, fitsTopic?: boolean): ProduceError {
  const code = err.code ?? Number.NaN;
  const message = `librdkafka: ${err.message ?? "unknown error"} (code ${code})`;
  if (code === E.ERR_MSG_SIZE_TOO_LARGE && fitsTopic === true)
    return new ProduceError(`${message}; its batch was over the topic limit`, true, "broker", { cause: err });
  if (RECORD_ERRORS.has(code)) return new ProduceError(message, false, "record", { cause: err });
  if (TIMEOUTS.has(code)) return new ProduceError(message, true, "timeout", { cause: err });
  if (CONNECTION.has(code)) return new ProduceError(message, true, "connection", { cause: err });
  return new ProduceError(message, true, "broker", { cause: err });
}
