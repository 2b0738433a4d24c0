import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binaryCloudEvent, workloads } from "../scenarios.js";
import { createNodeCeiling } from "./node-http.js";

describe("the bare node:http ceiling", () => {
  const server = createNodeCeiling();
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  // Each workload's eventsPerRequest (1 or 100) is pinned in scenarios.test.ts.
  it.each(Object.values(workloads()))(
    "answers $id with 202 and the $eventsPerRequest events it carries",
    async (w) => {
      const res = await fetch(url, { method: "POST", headers: w.headers, body: w.body });
      expect(res.status).toBe(202);
      expect(await res.json()).toMatchObject({ accepted: w.eventsPerRequest });
    },
  );

  it("answers 400 to a body that is not JSON, binary CloudEvents included", async () => {
    const bad = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(bad.status).toBe(400);
    const w = binaryCloudEvent();
    const badBinary = await fetch(url, { method: "POST", headers: w.headers, body: "{" });
    expect(badBinary.status).toBe(400);
  });
});
