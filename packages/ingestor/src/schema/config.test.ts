import { describe, expect, it } from "vitest";
import { loadWith, problemsWith } from "../../test/support/config.js";

describe("SCHEMA_MODE and SCHEMA_DIR", () => {
  it("default to off, with no folder", () => {
    expect(loadWith({}).schema).toEqual({ mode: "off", dir: undefined });
  });

  it("read the mode and the folder", () => {
    expect(loadWith({ SCHEMA_MODE: "strict", SCHEMA_DIR: "/etc/ingestor/schemas" }).schema).toEqual({
      mode: "strict",
      dir: "/etc/ingestor/schemas",
    });
  });

  it("known or strict without a folder is refused at start-up", () => {
    expect(problemsWith({ SCHEMA_MODE: "known" })).toEqual([
      "SCHEMA_DIR: is required with SCHEMA_MODE=known: the folder of <event type>.json schemas",
    ]);
  });

  it("an unknown mode is refused", () => {
    expect(problemsWith({ SCHEMA_MODE: "all", SCHEMA_DIR: "/s" })).toEqual([
      'SCHEMA_MODE: Invalid option: expected one of "off"|"known"|"strict"',
    ]);
  });
});
