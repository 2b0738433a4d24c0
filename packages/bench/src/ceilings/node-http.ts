// H_node, the platform's HTTP limit: a bare `node:http` handler that reads the body, JSON.parses it (the
// same parse as H_hono and the same answer) and answers 202. No framework, no validation, no Kafka. In its
// own process. Anything built on node:http, Hono included, is at most this fast on this machine.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { ceilingAnswer } from "./body.js";

function handle(req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== "POST" || req.url !== "/events") {
    res.writeHead(404, { "content-type": "application/json", "content-length": "2" }).end("{}");
    return;
  }
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const body = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const answer = ceilingAnswer(header, body.toString("utf8"));
    res
      .writeHead(answer.status, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(answer.body)),
      })
      .end(answer.body);
  });
}

export function createNodeCeiling(): Server {
  return createServer(handle);
}

// Only as the forked ceiling process: importing this module starts nothing.
if (process.env["BENCH_CHILD"] === "node-http-ceiling") {
  const server = createNodeCeiling();
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    if (address !== null && typeof address === "object")
      process.send?.({ kind: "listening", port: address.port });
  });
  process.on("SIGTERM", () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
