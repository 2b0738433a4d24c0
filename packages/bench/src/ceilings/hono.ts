// H_hono: a bare Hono handler on @hono/node-server (the ingestor's version) that reads and parses the same
// bodies as the ingestor and answers 202, with no validation, no Kafka and no logging. In its own process.
// What the framework costs on top of node:http is H_node (node-http.ts) minus this.
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { ceilingAnswer } from "./body.js";

export function createCeilingApp(): Hono {
  const app = new Hono();
  app.post("/events", async (c) => {
    const { status, body } = ceilingAnswer((name) => c.req.header(name), await c.req.text());
    return c.body(body, status, { "content-type": "application/json" });
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
