import type { OutRecord } from "../port.js";

/**
 * Records crossing to the producer thread travel packed in one transferable buffer. Structured-cloning the
 * records instead would cost one object graph per record on the HTTP thread, and would copy each value's
 * whole backing ArrayBuffer (values are views into request bodies), not just the value.
 *
 * Layout, little-endian: u32 count, then per record
 *   i32 key length (-1: null) + key | i32 value length (-1: null) + value |
 *   u16 header count | per header: u16 name length + name, u32 value length + value
 */

/** Records as the producer thread hands them to the Kafka client: byte views into the packed buffer. */
export interface WireRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer>;
}

export interface Packed {
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

/** UTF-8 needs at most 3 bytes per UTF-16 code unit, so this bound never truncates a string. */
const maxUtf8 = (s: string): number => s.length * 3;

export function packRecords(records: readonly OutRecord[]): Packed {
  // Records already carry their approximate encoded size (keys, values, headers, framing): start there and
  // grow in the rare case it falls short, rather than walking every header twice.
  let estimate = 4;
  for (const r of records) estimate += r.size;
  // Not from the shared pool: the buffer is transferred, which detaches the whole ArrayBuffer.
  let buf = Buffer.allocUnsafeSlow(estimate);
  let o = 0;
  const ensure = (bytes: number): void => {
    if (o + bytes <= buf.length) return;
    const bigger = Buffer.allocUnsafeSlow(Math.max(2 * buf.length, o + bytes));
    buf.copy(bigger, 0, 0, o);
    buf = bigger;
  };
  o = buf.writeUInt32LE(records.length, 0);
  const str = (s: string, lengthBytes: 2 | 4): void => {
    ensure(lengthBytes + maxUtf8(s));
    const written = buf.write(s, o + lengthBytes, "utf8");
    if (lengthBytes === 2) buf.writeUInt16LE(written, o);
    else buf.writeUInt32LE(written, o);
    o += lengthBytes + written;
  };
  for (const r of records) {
    if (r.key === null) {
      ensure(4);
      o = buf.writeInt32LE(-1, o);
    } else str(r.key, 4);
    ensure(4 + (r.value?.length ?? 0) + 2);
    if (r.value === null) o = buf.writeInt32LE(-1, o);
    else {
      o = buf.writeInt32LE(r.value.length, o);
      o += r.value.copy(buf, o);
    }
    const countAt = o;
    o += 2;
    let count = 0;
    for (const name in r.headers) {
      str(name, 2);
      str(r.headers[name] ?? "", 4);
      count++;
    }
    buf.writeUInt16LE(count, countAt);
  }
  return { buffer: buf.buffer, length: o };
}

export class WireFormatError extends Error {
  override readonly name = "WireFormatError";
}

export function unpackRecords({ buffer, length }: Packed): WireRecord[] {
  const buf = Buffer.from(buffer, 0, length);
  let o = 0;
  const need = (n: number): void => {
    if (n < 0 || o + n > length) throw new WireFormatError(`packed records truncated at byte ${o}`);
  };
  const bytes = (n: number): Buffer => {
    need(n);
    const b = buf.subarray(o, o + n);
    o += n;
    return b;
  };
  need(4);
  const count = buf.readUInt32LE(0);
  o = 4;
  const out: WireRecord[] = [];
  for (let i = 0; i < count; i++) {
    need(4);
    const keyLength = buf.readInt32LE(o);
    o += 4;
    const key = keyLength < 0 ? null : bytes(keyLength);
    need(4);
    const valueLength = buf.readInt32LE(o);
    o += 4;
    const value = valueLength < 0 ? null : bytes(valueLength);
    need(2);
    const headerCount = buf.readUInt16LE(o);
    o += 2;
    const headers: Record<string, Buffer> = {};
    for (let h = 0; h < headerCount; h++) {
      need(2);
      const nameLength = buf.readUInt16LE(o);
      o += 2;
      const name = bytes(nameLength).toString("utf8");
      need(4);
      const headerLength = buf.readUInt32LE(o);
      o += 4;
      headers[name] = bytes(headerLength);
    }
    out.push({ key, value, headers });
  }
  if (o !== length) throw new WireFormatError(`${length - o} bytes left after ${count} records`);
  return out;
}
