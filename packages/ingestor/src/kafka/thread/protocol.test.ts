import { describe, expect, it } from "vitest";
import { ProduceError } from "../../errors.js";
import { fromWireDeliveries, fromWireError, toWireDeliveries, toWireError } from "./protocol.js";

/** What postMessage does to a message between threads. */
const acrossThreads = <T>(value: T): T => structuredClone(value);

describe("errors across the producer thread boundary", () => {
  it("keep a ProduceError's class, fields and cause (name, message, code)", () => {
    const cause = Object.assign(new Error("Broker: Message size too large"), {
      name: "KafkaJSProtocolError",
      code: 10,
    });
    const sent = new ProduceError("record too large", false, "record", { cause });
    const got = fromWireError(acrossThreads(toWireError(sent)));
    expect(got).toBeInstanceOf(ProduceError);
    expect({ message: got.message, retriable: got.retriable, kind: got.kind }).toEqual({
      message: "record too large",
      retriable: false,
      kind: "record",
    });
    expect(got.cause).toBeInstanceOf(Error);
    expect({
      ...(got.cause as object),
      name: (got.cause as Error).name,
      message: (got.cause as Error).message,
    }).toEqual({
      name: "KafkaJSProtocolError",
      message: "Broker: Message size too large",
      code: 10,
    });
  });

  it("turn anything else the thread throws into the retriable unknown ProduceError, caused by it", () => {
    const got = fromWireError(acrossThreads(toWireError(new TypeError("boom"))));
    expect(got).toBeInstanceOf(ProduceError);
    expect({ message: got.message, retriable: got.retriable, kind: got.kind }).toEqual({
      message: "boom",
      retriable: true,
      kind: "unknown",
    });
    expect({ name: (got.cause as Error).name, message: (got.cause as Error).message }).toEqual({
      name: "TypeError",
      message: "boom",
    });
  });

  it("send each distinct delivery error once and give every record its own outcome back", () => {
    const full = new ProduceError("queue full", true, "broker");
    const big = new ProduceError("too large", false, "record");
    const wire = acrossThreads(
      toWireDeliveries([
        { ok: true },
        { ok: false, error: full },
        { ok: false, error: big },
        { ok: false, error: full },
      ]),
    );
    expect(wire.errors.map((e) => e.message)).toEqual(["queue full", "too large"]);
    const back = fromWireDeliveries(wire);
    expect(back.map((d) => (d.ok ? "ok" : `${d.error.message}/${String(d.error.retriable)}`))).toEqual([
      "ok",
      "queue full/true",
      "too large/false",
      "queue full/true",
    ]);
  });
});
