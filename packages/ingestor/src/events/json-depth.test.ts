import { describe, expect, it } from "vitest";
import { exceedsDepth, scanJson } from "./json-depth.js";

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

describe("scanJson", () => {
  const texts = (text: string): string[] | undefined => {
    const e = scanJson(text, 64).elements;
    if (e === undefined) return undefined;
    const out: string[] = [];
    for (let i = 0; i < e.length; i += 2) out.push(text.slice(e[i], e[i + 1]));
    return out;
  };

  it("finds each top-level array element's own text, whitespace around it excluded", () => {
    expect(texts(' [ {"a" : [1, 2]} ,\n"x,]" , 3.5e2,null,[[]] ]\n')).toEqual([
      '{"a" : [1, 2]}',
      '"x,]"',
      "3.5e2",
      "null",
      "[[]]",
    ]);
  });

  it("keeps escaped quotes and backslashes inside string elements", () => {
    expect(texts('["a\\"],", "\\\\", {"k":"\\"}"}]')).toEqual(['"a\\"],"', '"\\\\"', '{"k":"\\"}"}']);
  });

  it("finds no elements in an empty array and none for a non-array", () => {
    expect(texts("[ ]")).toEqual([]);
    expect(texts('{"a":[1,2]}')).toBeUndefined();
  });

  it("slices match JSON.parse element by element on a realistic batch", () => {
    const batch = Array.from({ length: 50 }, (_, i) => ({
      type: "t",
      id: `e-${i}`,
      data: { n: i, s: "é😀,]" },
    }));
    for (const text of [JSON.stringify(batch), JSON.stringify(batch, null, 2)]) {
      expect(texts(text)?.map((t) => JSON.parse(t) as unknown)).toEqual(batch);
    }
  });
});
