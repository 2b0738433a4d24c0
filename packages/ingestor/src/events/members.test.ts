import { describe, expect, it } from "vitest";
import { objectMembers } from "./members.js";

const valueTexts = (text: string): Record<string, string> | string => {
  const m = objectMembers(text);
  if (!m.ok) return `duplicate ${m.duplicate}`;
  return Object.fromEntries([...m.spans].map(([name, s]) => [name, text.slice(s.start, s.end)]));
};

describe("objectMembers", () => {
  it("finds each member's value text exactly as written, whatever its kind", () => {
    const text = '{ "type" : "t" ,"data":{"a":[1, {"b":"}"}],"c":"\\"]"} ,"n":-1.5e+3,"t":true,"z":null }';
    expect(valueTexts(text)).toEqual({
      type: '"t"',
      data: '{"a":[1, {"b":"}"}],"c":"\\"]"}',
      n: "-1.5e+3",
      t: "true",
      z: "null",
    });
  });

  it("keeps numbers JSON.parse would change", () => {
    expect(valueTexts('{"data":1e400}')).toEqual({ data: "1e400" });
    expect(valueTexts('{"data":12345678901234567890123}')).toEqual({ data: "12345678901234567890123" });
    expect(valueTexts('{"data":[9007199254740993]}')).toEqual({ data: "[9007199254740993]" });
  });

  it("reads escaped member names", () => {
    expect(valueTexts('{"d\\u0061ta":"x"}')).toEqual({ data: '"x"' });
  });

  it("reports a member name given twice, escaped or not", () => {
    expect(valueTexts('{"data":1,"type":"t","data":2}')).toBe("duplicate data");
    expect(valueTexts('{"type":"a","typ\\u0065":"b"}')).toBe("duplicate type");
  });

  it("does not look inside nested objects for duplicates", () => {
    expect(valueTexts('{"data":{"a":1,"a":2}}')).toEqual({ data: '{"a":1,"a":2}' });
  });

  it("handles an empty object and odd whitespace", () => {
    expect(valueTexts("{}")).toEqual({});
    expect(valueTexts(' \r\n{\t"a"\n:\n"b"\r}\n')).toEqual({ a: '"b"' });
  });
});
