import { describe, expect, it } from "vitest";
import { percentile, round } from "./stats.js";

describe("percentile", () => {
  it("takes the nearest rank of the sorted values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
  });

  it("is 0 for no values", () => {
    expect(percentile([], 99)).toBe(0);
  });
});

describe("round", () => {
  it("rounds to the given decimals", () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(1234.5)).toBe(1235);
  });
});
