import kafkajs from "kafkajs";
import { describe, expect, it } from "vitest";
import { classifyKafkaError } from "./kafkajs.js";

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSRequestTimeoutError } = kafkajs;

/** The shape kafkajs gives a broker error code (KafkaJSProtocolError). */
const protocolError = (type: string, retriable: boolean) => ({
  name: "KafkaJSProtocolError",
  message: `broker said ${type}`,
  type,
  retriable,
});

describe("classifyKafkaError", () => {
  it.each(["MESSAGE_TOO_LARGE", "RECORD_LIST_TOO_LARGE", "INVALID_RECORD", "INVALID_TIMESTAMP"])(
    "treats %s as a permanent failure of the record",
    (type) => {
      const e = classifyKafkaError(protocolError(type, false));
      expect(e.retriable).toBe(false);
      expect(e.kind).toBe("record");
      expect(e.message).toContain(type);
    },
  );

  it("treats CORRUPT_MESSAGE (corruption in transit) as retriable, so a good event is not dead-lettered", () => {
    expect(classifyKafkaError(protocolError("CORRUPT_MESSAGE", true))).toMatchObject({ retriable: true });
  });

  it("finds a record-level type under kafkajs' non-retriable wrapper (cause)", () => {
    const inner = protocolError("MESSAGE_TOO_LARGE", false);
    const wrapped = {
      name: "KafkaJSNonRetriableError",
      message: inner.message,
      retriable: false,
      cause: inner,
    };
    expect(classifyKafkaError(wrapped)).toMatchObject({ retriable: false, kind: "record" });
  });

  it("finds a record-level type under originalError", () => {
    const wrapped = {
      name: "KafkaJSError",
      message: "x",
      originalError: protocolError("INVALID_RECORD", false),
    };
    expect(classifyKafkaError(wrapped)).toMatchObject({ retriable: false, kind: "record" });
  });

  it("treats a broken connection as retriable", () => {
    expect(classifyKafkaError(new KafkaJSConnectionError("Connection error: ECONNREFUSED"))).toMatchObject({
      retriable: true,
      kind: "connection",
    });
    expect(classifyKafkaError({ name: "KafkaJSNoBrokerAvailableError", message: "none" }).kind).toBe(
      "connection",
    );
    expect(classifyKafkaError({ name: "KafkaJSBrokerNotFound", message: "gone" }).kind).toBe("connection");
  });

  it("treats retries exhausted on a connection error as retriable, though kafkajs marks it non-retriable", () => {
    const exhausted = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError("ECONNREFUSED"), {
      retryCount: 5,
      retryTime: 1000,
    });
    expect(exhausted.retriable).toBe(false);
    expect(classifyKafkaError(exhausted)).toMatchObject({ retriable: true, kind: "connection" });
  });

  it("treats request timeouts as retriable timeouts", () => {
    expect(
      classifyKafkaError(new KafkaJSRequestTimeoutError("Request Produce(key: 0) timed out")),
    ).toMatchObject({
      retriable: true,
      kind: "timeout",
    });
    expect(classifyKafkaError({ name: "KafkaJSTimeout", message: "t" }).kind).toBe("timeout");
  });

  it.each([
    ["a leader change", protocolError("NOT_LEADER_OR_FOLLOWER", true)],
    ["too few in-sync replicas", protocolError("NOT_ENOUGH_REPLICAS", true)],
    ["an unknown topic", protocolError("UNKNOWN_TOPIC_OR_PARTITION", true)],
    ["a denied topic, which kafkajs calls non-retriable", protocolError("TOPIC_AUTHORIZATION_FAILED", false)],
    ["a plain Error", new Error("something else")],
  ])("treats %s as retriable (503, never dead-lettered)", (_, err) => {
    expect(classifyKafkaError(err)).toMatchObject({ retriable: true, kind: "broker" });
  });

  it("copes with thrown values that are not objects, keeping them as the cause", () => {
    const e = classifyKafkaError("boom");
    expect(e).toMatchObject({ retriable: true, message: "boom" });
    expect(e.cause).toBe("boom");
  });
});
