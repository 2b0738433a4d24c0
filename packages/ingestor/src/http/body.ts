import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { HttpError } from "../errors.js";

const gunzipAsync = promisify(gunzip);

function tooLarge(limit: number, what = "the body"): HttpError {
  return new HttpError("BODY_TOO_LARGE", `${what} is larger than ${limit} bytes`, { limit });
}

/** Reads the raw body, refusing more than `limit` bytes without buffering them all first. */
export async function readRawBody(req: Request, limit: number): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
  if (req.body === null) return Buffer.alloc(0);
  if (declared !== null) {
    // The server enforces Content-Length, so the whole body is at most `limit`.
    return Buffer.from(await req.arrayBuffer());
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (req.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

/**
 * Applies Content-Encoding. The size limit holds for the decompressed body too: a gzip bomb stops at
 * `limit` bytes of output instead of filling memory.
 */
export async function decodeContent(raw: Buffer, encoding: string | null, limit: number): Promise<Buffer> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc === "identity" || enc === "") return raw;
  if (enc !== "gzip" && enc !== "x-gzip") {
    throw new HttpError("UNSUPPORTED_ENCODING", `content encoding '${enc}' is not supported`, {
      supported: ["gzip", "identity"],
    });
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw tooLarge(limit, "the decompressed body");
    }
    throw new HttpError("INVALID_GZIP", `the gzip body could not be decompressed: ${(err as Error).message}`);
  }
}
