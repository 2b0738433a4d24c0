const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where one member's value is in the text of a JSON object: [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Members =
  | { readonly ok: true; readonly spans: ReadonlyMap<string, Span> }
  | { readonly ok: false; readonly duplicate: string };

/** The index just past the string that opens at `i` (a `"`). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c /* \ */) j++;
    else if (c === 0x22 /* " */) return j + 1;
  }
  return text.length;
}

/** The index just past the JSON value that starts at `i`. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x22) {
      j = skipString(text, j) - 1;
      if (depth === 0) return j + 1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return j; // the end of the enclosing object
      if (--depth === 0) return j + 1;
    } else if (depth === 0 && (c === 0x2c || isSpace(c))) return j;
  }
  return text.length;
}

/**
 * The top-level members of the JSON object in `text` (text JSON.parse accepted), with where each value is,
 * so an event's `data` reaches Kafka as the exact bytes the client sent: re-serialising the parsed value
 * turned `1e400` into `null` and `9007199254740993` into `...992`. A name given twice is reported: which of
 * the two values the client meant is anyone's guess (JSON.parse silently keeps the last).
 */
export function objectMembers(text: string): Members {
  const spans = new Map<string, Span>();
  let i = 0;
  while (i < text.length && text.charCodeAt(i) !== 0x7b) i++;
  i++;
  for (;;) {
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 0x2c)) i++;
    if (i >= text.length || text.charCodeAt(i) !== 0x22) return { ok: true, spans };
    const nameEnd = skipString(text, i);
    const raw = text.slice(i + 1, nameEnd - 1);
    // Only a name with escapes needs JSON.parse to read it; this runs for every member of every event.
    const name = raw.includes("\\") ? (JSON.parse(text.slice(i, nameEnd)) as string) : raw;
    i = nameEnd;
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text.charCodeAt(i) === 0x3a) /* : */) i++;
    const end = skipValue(text, i);
    if (spans.has(name)) return { ok: false, duplicate: name };
    spans.set(name, { start: i, end });
    i = end;
  }
}
