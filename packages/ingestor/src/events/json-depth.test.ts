import { describe, expect, it } from "vitest";
import { exceedsDepth } from "./json-depth.js";

describe("exceedsDepth", () => {
  it("counts nested objects and arrays", () => {
    expect(exceedsDepth('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(exceedsDepth('{"a":[{"b":[]}]}', 3)).toBe(true);
  });

  it("counts depth, not the number of containers side by side", () => {
    expect(exceedsDepth("[[],[],[],[],[]]", 2)).toBe(false);
  });

  it("ignores brackets inside strings, including after escaped quotes", () => {
    expect(exceedsDepth('{"a":"[[[[[[\\"[[[[{{{{"}', 1)).toBe(false);
    expect(exceedsDepth('["\\\\",[[]]]', 2)).toBe(true);
  });

  it("stops at the first level past the limit on a hostile body", () => {
    expect(exceedsDepth("[".repeat(1_000_000), 64)).toBe(true);
  });
});
