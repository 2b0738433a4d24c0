import { describe, expect, it } from "vitest";
import { NAMESPACE_DNS, NAMESPACE_URL, uuidv5 } from "./uuidv5.js";

describe("uuidv5", () => {
  it("matches the RFC 9562 test vector (Appendix A.4: DNS namespace, www.example.com)", () => {
    expect(uuidv5(NAMESPACE_DNS, "www.example.com")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
  });

  it("matches Python's uuid.uuid5 for the URL namespace", () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://www.example.com/'))"
    expect(uuidv5(NAMESPACE_URL, "https://www.example.com/")).toBe("3d3ed9d2-aa3d-5fa6-90e8-ed662e90f559");
  });

  it("stamps version 5 and the RFC 9562 variant, and hashes names as UTF-8", () => {
    const id = uuidv5(NAMESPACE_URL, "ünïcode/0");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(uuidv5(NAMESPACE_URL, "unicode/0"));
  });

  it("refuses a namespace that is not a UUID", () => {
    expect(() => uuidv5("not-a-uuid", "x")).toThrow(TypeError);
  });
});
