import { describe, expect, it } from "vitest";
import { createHarness, TOPIC } from "../testing/harness.js";
import { parseTraceparent, parseTracestate } from "./trace.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe("W3C traceparent / tracestate parsing", () => {
  it("accepts a version-00 traceparent and gives its trace id", () => {
    expect(parseTraceparent(PARENT)).toEqual({ traceparent: PARENT, traceId: TRACE_ID });
  });

  it("reads a higher version's first four fields as version 00, as the spec says", () => {
    expect(parseTraceparent(`cc-${TRACE_ID}-00f067aa0ba902b7-01-what-the-future-holds`)).toEqual({
      traceparent: PARENT,
      traceId: TRACE_ID,
    });
  });

  it.each([
    ["upper-case hex", PARENT.toUpperCase()],
    ["version ff", `ff-${TRACE_ID}-00f067aa0ba902b7-01`],
    ["version 00 with extra fields", `${PARENT}-extra`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`],
    ["an all-zero parent id", `00-${TRACE_ID}-${"0".repeat(16)}-01`],
    ["a short trace id", `00-${TRACE_ID.slice(1)}-00f067aa0ba902b7-01`],
    ["garbage", "hello"],
  ])("ignores a traceparent with %s", (_, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it("keeps a well-formed tracestate (trimmed, empty members dropped) and drops a malformed one", () => {
    expect(parseTracestate("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,")).toBe(
      "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
    );
    expect(parseTracestate("tenant@vendor=x")).toBe("tenant@vendor=x");
    expect(parseTracestate("Upper=x")).toBeUndefined();
    expect(parseTracestate("novalue")).toBeUndefined();
    expect(parseTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(","))).toBeUndefined();
  });
});

describe("trace context on records", () => {
  it("puts the request's traceparent and tracestate on every event as ce_traceparent / ce_tracestate", async () => {
    const h = await createHarness();
    const res = await h.post('[{"type":"a"},{"type":"b"}]', {
      "content-type": "application/json",
      traceparent: PARENT,
      tracestate: "rojo=00f067aa0ba902b7",
    });
    expect(res.status).toBe(202);
    for (const record of h.port.records(TOPIC)) {
      expect(record.headers).toMatchObject({
        ce_traceparent: PARENT,
        ce_tracestate: "rojo=00f067aa0ba902b7",
      });
    }
    expect(h.logs()).toContainEqual(expect.objectContaining({ msg: "request", traceId: TRACE_ID }));
  });

  it("lets an event's own traceparent extension win, with no request tracestate mixed in", async () => {
    const h = await createHarness();
    const own = `00-${"1".repeat(32)}-${"2".repeat(16)}-00`;
    const event = { specversion: "1.0", id: "1", source: "/s", type: "t", traceparent: own };
    await h.post(JSON.stringify([event, { ...event, id: "2", traceparent: undefined }]), {
      "content-type": "application/cloudevents-batch+json",
      traceparent: PARENT,
      tracestate: "rojo=1",
    });
    const [mine, theirs] = h.port.records(TOPIC);
    expect(mine?.headers["ce_traceparent"]).toBe(own);
    expect(mine?.headers["ce_tracestate"]).toBeUndefined();
    expect(theirs?.headers["ce_traceparent"]).toBe(PARENT);
  });

  it("lets a binary-mode ce-traceparent header win over the HTTP traceparent", async () => {
    const h = await createHarness();
    const own = `00-${"1".repeat(32)}-${"2".repeat(16)}-00`;
    await h.post("data", {
      "content-type": "text/plain",
      "ce-specversion": "1.0",
      "ce-id": "1",
      "ce-source": "/s",
      "ce-type": "t",
      "ce-traceparent": own,
      traceparent: PARENT,
    });
    expect(h.port.records(TOPIC)[0]?.headers["ce_traceparent"]).toBe(own);
  });

  it("ignores a malformed traceparent (and its tracestate): no trace headers, no error", async () => {
    const h = await createHarness();
    const res = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      traceparent: "00-nope",
      tracestate: "rojo=1",
    });
    expect(res.status).toBe(202);
    const headers = h.port.records(TOPIC)[0]?.headers ?? {};
    expect(Object.keys(headers).filter((k) => k.startsWith("ce_trace"))).toEqual([]);
    expect(h.logs().find((l) => l["msg"] === "request")).not.toHaveProperty("traceId");
  });

  it("keeps the traceparent but drops a malformed tracestate", async () => {
    const h = await createHarness();
    await h.post('{"type":"a"}', {
      "content-type": "application/json",
      traceparent: PARENT,
      tracestate: "BAD",
    });
    const headers = h.port.records(TOPIC)[0]?.headers ?? {};
    expect(headers["ce_traceparent"]).toBe(PARENT);
    expect(headers["ce_tracestate"]).toBeUndefined();
  });
});
