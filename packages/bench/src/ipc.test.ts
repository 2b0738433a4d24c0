import { describe, expect, it } from "vitest";
import { isKafkaCeilingReply, isLoadWorkerReply } from "./ipc.js";

describe("child reply guards", () => {
  it("accept a result or an error with its message, and nothing else", () => {
    expect(isLoadWorkerReply({ kind: "result", result: {} })).toBe(true);
    expect(isLoadWorkerReply({ kind: "error", message: "boom" })).toBe(true);
    expect(isLoadWorkerReply({ kind: "error" })).toBe(false);
    expect(isLoadWorkerReply({ kind: "result", result: 3 })).toBe(false);
    expect(isLoadWorkerReply("result")).toBe(false);
  });

  it("want the Kafka ceiling's result to carry its record count", () => {
    expect(isKafkaCeilingReply({ kind: "result", result: { measuredRecords: 10 } })).toBe(true);
    expect(isKafkaCeilingReply({ kind: "result", result: {} })).toBe(false);
    expect(isKafkaCeilingReply({ kind: "error", message: "no broker" })).toBe(true);
  });
});
