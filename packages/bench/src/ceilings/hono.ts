// H, the HTTP ceiling: a bare Hono handler on @hono/node-server that reads and parses the same bodies as
// the ingestor and answers 202, with no validation, no Kafka and no logging. In its own process.
import { serve } from "@hono/node-server";
import { Hono } from "hono";

/** Events in a parsed body: an array's length, NDJSON's non-empty lines, else one. */
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

export function createCeilingApp(): Hono {
  const app = new Hono();
  app.post("/events", async (c) => {
    const contentType = c.req.header("content-type") ?? "application/json";
    const id = c.req.header("ce-id");
    if (c.req.header("ce-specversion") !== undefined && id !== undefined) {
      // Binary-mode CloudEvent: the body is the event's data, read as bytes like the ingestor does.
      await c.req.arrayBuffer();
      return c.json({ accepted: 1, ids: [id] }, 202);
    }
    try {
      return c.json({ accepted: countEvents(contentType, await c.req.text()) }, 202);
    } catch {
      return c.json({ error: { code: "INVALID_JSON", message: "body is not JSON" } }, 400);
    }
  });
  return app;
}

// Only as the forked ceiling process: importing this module starts nothing.
if (process.env["BENCH_CHILD"] === "hono-ceiling") {
  const server = serve({ fetch: createCeilingApp().fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
    process.send?.({ kind: "listening", port: info.port });
  });
  process.on("SIGTERM", () => {
    server.close(() => process.exit(0));
  });
}
