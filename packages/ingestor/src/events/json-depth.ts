const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export interface JsonScan {
  /** Objects/arrays nest deeper than the limit (the scan stopped there). */
  readonly tooDeep: boolean;
  /**
   * For a top-level array: [start, end) offsets of each element's text, flattened (s0, e0, s1, e1, ...).
   * Meaningful only for text JSON.parse accepts; undefined when the text is not an array.
   */
  readonly elements: readonly number[] | undefined;
}

/**
 * One pass over JSON text before JSON.parse: refuses nesting deeper than `max` (so a hostile `[[[[...` body
 * cannot blow the stack of whatever walks the parsed value later) and finds where each element of a
 * top-level array starts and ends, so an element's original text is a slice, not a re-serialisation.
 */
export function scanJson(text: string, max: number): JsonScan {
  let first = 0;
  while (first < text.length && isSpace(text.charCodeAt(first))) first++;
  const elements: number[] | undefined = text.charCodeAt(first) === 0x5b /* [ */ ? [] : undefined;
  let depth = 0;
  let inString = false;
  let start = -1; // first character of the current top-level element
  let last = -1; // last non-space character seen
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      last = i;
      continue;
    }
    if (isSpace(c)) continue;
    if (depth === 1 && elements !== undefined) {
      if (c === 0x2c /* , */ || c === 0x5d /* ] */) {
        if (start >= 0) elements.push(start, last + 1);
        start = -1;
      } else if (start < 0) start = i;
    }
    last = i;
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return { tooDeep: true, elements: undefined };
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return { tooDeep: false, elements };
}

/** True when the JSON text nests objects/arrays deeper than `max`. */
export function exceedsDepth(text: string, max: number): boolean {
  return scanJson(text, max).tooDeep;
}
