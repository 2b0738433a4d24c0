// What both bare HTTP ceilings do with a body: parse it as the ingestor would have to, and count its events.

/** Events in a body, each parsed with JSON.parse: an array's length, NDJSON's non-empty lines, else one. */
export function countEvents(contentType: string, text: string): number {
  if (contentType.startsWith("application/x-ndjson")) {
    let n = 0;
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      JSON.parse(line);
      n++;
    }
    return n;
  }
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.length : 1;
}

/**
 * The 202 (or 400) body a ceiling answers. A binary-mode CloudEvent (`ce-specversion` and `ce-id`
 * headers) is one event whose body is its data: parsed all the same (the workloads send JSON data), and
 * answered with its id, as the ingestor does.
 */
export function ceilingAnswer(
  header: (name: string) => string | undefined,
  text: string,
): { status: 202 | 400; body: string } {
  try {
    const contentType = header("content-type") ?? "application/json";
    const id = header("ce-id");
    if (header("ce-specversion") !== undefined && id !== undefined) {
      JSON.parse(text);
      return { status: 202, body: JSON.stringify({ accepted: 1, ids: [id] }) };
    }
    return { status: 202, body: JSON.stringify({ accepted: countEvents(contentType, text) }) };
  } catch {
    return { status: 400, body: '{"error":{"code":"INVALID_JSON","message":"body is not JSON"}}' };
  }
}
