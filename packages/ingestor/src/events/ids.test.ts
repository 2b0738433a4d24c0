import { describe, expect, it } from "vitest";
import { uuidv7 } from "./ids.js";

const UUIDV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("uuidv7", () => {
  it("has the RFC 9562 version 7 layout and variant bits", () => {
    for (let i = 0; i < 600; i++) expect(uuidv7()).toMatch(UUIDV7);
  });

  it("carries the millisecond timestamp in its first 48 bits", () => {
    const ms = Date.UTC(2025, 2, 4, 5, 6, 7, 89);
    const hex = uuidv7(ms).replace(/-/g, "").slice(0, 12);
    expect(parseInt(hex, 16)).toBe(ms);
  });

  it("sorts by creation time across milliseconds", () => {
    const ids = [3, 1, 2].map((offset) => uuidv7(1_700_000_000_000 + offset));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it("does not repeat across more ids than one random pool holds", () => {
    const ids = new Set(Array.from({ length: 2_000 }, () => uuidv7(1_700_000_000_000)));
    expect(ids.size).toBe(2_000);
  });
});
