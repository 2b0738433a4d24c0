import { describe, expect, it } from "vitest";
import type { OutRecord } from "../port.js";
import { recordSize } from "../record.js";
import { packRecords, unpackRecords, WireFormatError } from "./wire.js";

function record(key: string | null, value: Buffer | null, headers: Record<string, string>): OutRecord {
  return { key, value, headers, size: recordSize(key, value, headers) };
}

/** What kafkajs would receive, as plain strings, for comparison with the input. */
function asText(records: ReturnType<typeof unpackRecords>) {
  return records.map((r) => ({
    key: r.key?.toString("utf8") ?? null,
    value: r.value?.toString("utf8") ?? null,
    headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v.toString("utf8")])),
  }));
}

describe("packRecords / unpackRecords", () => {
  it("carries keys, values and headers across intact, in order", () => {
    const records = [
      record("order-1", Buffer.from('{"a":1}'), {
        ce_id: "1",
        ce_type: "t",
        "content-type": "application/json",
      }),
      record(null, Buffer.from("second"), { ce_id: "2" }),
      record("k", null, {}),
    ];
    expect(asText(unpackRecords(packRecords(records)))).toEqual([
      {
        key: "order-1",
        value: '{"a":1}',
        headers: { ce_id: "1", ce_type: "t", "content-type": "application/json" },
      },
      { key: null, value: "second", headers: { ce_id: "2" } },
      { key: "k", value: null, headers: {} },
    ]);
  });

  it("keeps multi-byte UTF-8 (accents, CJK, emoji) byte for byte", () => {
    const text = "é中😀\u{10FFFF}";
    const value = Buffer.from(text.repeat(50));
    const [out] = unpackRecords(packRecords([record(text, value, { ce_subject: text, [`x${text}`]: text })]));
    expect(out?.key?.toString()).toBe(text);
    expect(out?.value?.equals(value)).toBe(true);
    expect(out?.headers["ce_subject"]?.toString()).toBe(text);
    expect(out?.headers[`x${text}`]?.toString()).toBe(text);
  });

  it("copies values out of their request body, so the body's buffer is not what crosses threads", () => {
    const body = Buffer.from("xxxxHELLOxxxx");
    const value = body.subarray(4, 9);
    const packed = packRecords([record(null, value, {})]);
    body.write("WORLD", 4);
    expect(unpackRecords(packed)[0]?.value?.toString()).toBe("HELLO");
    expect(packed.buffer).not.toBe(body.buffer);
  });

  it("grows its buffer when records understate their size (many multi-byte headers)", () => {
    const headers = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`ce_x${i}`, "中".repeat(30)]));
    const understated: OutRecord = { key: "é".repeat(100), value: Buffer.from("v"), headers, size: 1 };
    const [out] = unpackRecords(packRecords([understated, understated]));
    expect(out?.key?.toString()).toBe("é".repeat(100));
    expect(Object.keys(out?.headers ?? {})).toHaveLength(40);
    expect(out?.headers["ce_x39"]?.toString()).toBe("中".repeat(30));
  });

  it("packs an empty list into a buffer that unpacks to no records", () => {
    expect(unpackRecords(packRecords([]))).toEqual([]);
  });

  it("refuses a truncated buffer with a WireFormatError instead of reading garbage", () => {
    const packed = packRecords([record("k", Buffer.from("value"), { h: "v" })]);
    expect(() => unpackRecords({ buffer: packed.buffer, length: packed.length - 1 })).toThrow(
      WireFormatError,
    );
  });

  it("refuses trailing bytes after the declared records", () => {
    const packed = packRecords([record("k", Buffer.from("value"), {})]);
    const longer = new ArrayBuffer(packed.length + 3);
    new Uint8Array(longer).set(new Uint8Array(packed.buffer, 0, packed.length));
    expect(() => unpackRecords({ buffer: longer, length: packed.length + 3 })).toThrow(/bytes left/);
  });
});
