import { randomFillSync } from "node:crypto";

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const POOL_SIZE = 16 * 256;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** RFC 9562 UUIDv7: time-ordered, so ids sort by arrival and index well downstream. */
export function uuidv7(now: number = Date.now()): string {
  // Random bytes come from a pool: one syscall per 256 ids instead of one per id.
  if (poolOffset >= POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const b = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  const ms = Math.max(0, Math.floor(now));
  const hi = Math.floor(ms / 0x1_0000_0000);
  const lo = ms >>> 0;
  const h = (i: number): string => HEX[i] ?? "00";
  return (
    h((hi >>> 8) & 0xff) +
    h(hi & 0xff) +
    h((lo >>> 24) & 0xff) +
    h((lo >>> 16) & 0xff) +
    "-" +
    h((lo >>> 8) & 0xff) +
    h(lo & 0xff) +
    "-" +
    h(0x70 | ((b[6] ?? 0) & 0x0f)) +
    h(b[7] ?? 0) +
    "-" +
    h(0x80 | ((b[8] ?? 0) & 0x3f)) +
    h(b[9] ?? 0) +
    "-" +
    h(b[10] ?? 0) +
    h(b[11] ?? 0) +
    h(b[12] ?? 0) +
    h(b[13] ?? 0) +
    h(b[14] ?? 0) +
    h(b[15] ?? 0)
  );
}
