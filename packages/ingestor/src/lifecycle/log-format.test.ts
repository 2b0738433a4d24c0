import { describe, expect, it } from "vitest";
import { prettyLine, wantsPretty } from "./log-format.js";

describe("log format", () => {
  it("is pretty on a terminal with auto, JSON otherwise, and what is asked for when set", () => {
    expect(wantsPretty("auto", true)).toBe(true);
    expect(wantsPretty("auto", false)).toBe(false);
    expect(wantsPretty("json", true)).toBe(false);
    expect(wantsPretty("pretty", false)).toBe(true);
  });

  it("prints a JSON entry as time, level, message and the other fields", () => {
    const line = JSON.stringify({
      level: 30,
      time: "2026-12-02T07:31:02.345Z",
      service: "event-ingestor",
      msg: "connected to Kafka",
      brokers: ["127.0.0.1:9092"],
      topic: "events",
    });
    expect(prettyLine(line)).toBe(
      '07:31:02.345 INFO  connected to Kafka brokers=["127.0.0.1:9092"] topic=events',
    );
  });

  it("passes a line that is not JSON through unchanged", () => {
    expect(prettyLine("not json")).toBe("not json");
  });
});
