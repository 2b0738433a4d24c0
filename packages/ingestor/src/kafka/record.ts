import type { IngestEvent } from "../events/types.js";
import type { OutRecord } from "./port.js";

// Kafka record framing (length varints, offsets, timestamps, header counts) beyond keys, values and headers.
const RECORD_OVERHEAD = 64;

/**
 * The id of the API key a record's request came with (API_KEYS' `id:key`), never the key; absent without auth.
 * Not a `ce_` attribute, so no event extension can set or forge it.
 */
export const KEY_ID_HEADER = "ingest_key_id";

/**
 * The CloudEvents Kafka protocol binding, binary content mode: attributes as `ce_*` headers, the data as
 * the value, `content-type` from datacontenttype. Any CloudEvents SDK can read the topic.
 */
export function toRecord(e: IngestEvent, keyId?: string): OutRecord {
  const headers: Record<string, string> = {
    ce_specversion: e.specversion,
    ce_id: e.id,
    ce_source: e.source,
    ce_type: e.type,
    ce_time: e.time,
  };
  if (e.subject !== undefined) headers["ce_subject"] = e.subject;
  if (e.dataschema !== undefined) headers["ce_dataschema"] = e.dataschema;
  for (const [name, value] of Object.entries(e.extensions)) headers[`ce_${name}`] = value;
  if (e.key !== null) headers["ce_partitionkey"] = e.key;
  if (e.datacontenttype !== undefined) headers["content-type"] = e.datacontenttype;
  if (keyId !== undefined) headers[KEY_ID_HEADER] = keyId;
  return { key: e.key, value: e.data, headers, size: recordSize(e.key, e.data, headers) };
}

export function recordSize(
  key: string | null,
  value: Buffer | null,
  headers: Readonly<Record<string, string>>,
): number {
  let size = RECORD_OVERHEAD + (value?.length ?? 0) + (key === null ? 0 : Buffer.byteLength(key));
  for (const [name, v] of Object.entries(headers)) size += name.length + Buffer.byteLength(v) + 2;
  return size;
}
