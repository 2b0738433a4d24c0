import { describe, expect, it } from "vitest";
import { nodeMismatch } from "./node-version.js";

describe("nodeMismatch", () => {
  it("refuses a Node older than the pinned major, with how to run the pinned one", () => {
    expect(nodeMismatch("24.22.3\n", "v20.20.2")).toMatch(
      /Node v20.20.2, the project pins 24.22.3.*node-24.22.3\/bin/,
    );
  });

  it("accepts the pinned major or newer", () => {
    expect(nodeMismatch("24.22.3\n", "v24.22.3")).toBeUndefined();
    expect(nodeMismatch("24.22.3", "v25.1.0")).toBeUndefined();
  });
});
