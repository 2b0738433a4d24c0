import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode } from "../../errors.js";
import { SUPPORTED_TYPES } from "../../events/decode.js";
import { CE_CONTEXT, PLAIN_FIELDS } from "../../events/normalise.js";
import { createHarness, json } from "../../testing/harness.js";
import { openApiDocument } from "./document.js";

/** The committed contract (reviewed in diffs); `UPDATE_OPENAPI=1 vitest run src/http/openapi` rewrites it. */
const COMMITTED = new URL("../../../openapi/openapi.json", import.meta.url);

type Json = Record<string, unknown>;
const doc = openApiDocument() as unknown as Json;
const at = (value: unknown, ...path: string[]): Json =>
  path.reduce<Json>((v, key) => (v[key] ?? {}) as Json, value as Json);
const METHODS = ["get", "post", "put", "patch", "delete", "options", "head"];
/** Answered by routing (unknown path, unserved method), not by an operation. */
const ROUTING_CODES: readonly ErrorCode[] = ["NOT_FOUND", "METHOD_NOT_ALLOWED"];

describe("the OpenAPI document", () => {
  it("is the committed openapi/openapi.json (regenerate with UPDATE_OPENAPI=1 and review the diff)", async () => {
    if (process.env["UPDATE_OPENAPI"] === "1") {
      const prettier = await import("prettier");
      const text = await prettier.format(JSON.stringify(doc), { parser: "json", printWidth: 110 });
      writeFileSync(COMMITTED, text);
    }
    expect(JSON.parse(readFileSync(COMMITTED, "utf8"))).toEqual(doc);
  });

  it("is served at GET /openapi.json, with the instance's batch limit", async () => {
    const h = await createHarness({ env: { MAX_BATCH_EVENTS: "50" } });
    const res = await h.app.request("/openapi.json");
    expect(res.status).toBe(200);
    const served = await json(res);
    expect(served).toEqual(JSON.parse(JSON.stringify(openApiDocument({ maxBatchEvents: 50 }))));
    expect(at(served, "components", "schemas", "EventBatch")["maxItems"]).toBe(50);
  });

  it("lets POST /events go without a key only when the instance has no API_KEYS", async () => {
    const security = async (env: Record<string, string>) =>
      at(
        await json(await (await createHarness({ env })).app.request("/openapi.json")),
        "paths",
        "/events",
        "post",
      )["security"];
    expect(await security({})).toEqual([{}, { bearerAuth: [] }, { apiKeyAuth: [] }]);
    expect(await security({ API_KEYS: "k1" })).toEqual([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
  });

  it("documents exactly the routes and methods the app serves (other methods answer 405)", async () => {
    const h = await createHarness();
    // ALL routes are middleware and the 405 answers, not operations.
    const served = new Set(
      h.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method.toLowerCase()} ${r.path}`),
    );
    const documented = new Set(
      Object.entries(at(doc, "paths")).flatMap(([path, item]) =>
        Object.keys(item as Json)
          .filter((m) => METHODS.includes(m))
          .map((m) => `${m} ${path}`),
      ),
    );
    expect(served.size).toBeGreaterThan(5);
    expect([...documented].sort()).toEqual([...served].sort());
    const wrong = await h.app.request("/healthz", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET, HEAD");
  });

  it("lists every error code of errors.ts, and has a response for every status operations answer with", () => {
    const codes = Object.keys(ERROR_CODES) as ErrorCode[];
    expect(at(doc, "components", "schemas", "ErrorCode")["enum"]).toEqual(codes);
    const responses = at(doc, "components", "responses");
    for (const code of codes.filter((c) => !ROUTING_CODES.includes(c))) {
      const response = at(responses, `Error${ERROR_CODES[code].status}`);
      const schema = at(
        response,
        "content",
        "application/json",
        "schema",
        "properties",
        "error",
        "properties",
        "code",
      );
      expect(schema["enum"], code).toContain(code);
    }
    expect(at(responses, "Error503", "headers")).toHaveProperty("Retry-After");
    expect(at(responses, "Error429", "headers")).toHaveProperty("Retry-After");
    expect(at(responses, "Error401", "headers")).toHaveProperty("WWW-Authenticate");
  });

  it("references every response object from an operation, and names the routing answers in its description", () => {
    const used = new Set(JSON.stringify(at(doc, "paths")).match(/#\/components\/responses\/\w+/g));
    const defined = Object.keys(at(doc, "components", "responses")).map((n) => `#/components/responses/${n}`);
    expect(defined.sort()).toEqual([...used].sort());
    expect(defined).not.toContain("#/components/responses/Error404");
    expect(defined).not.toContain("#/components/responses/Error405");
    const description = String(at(doc, "info")["description"]);
    expect(description).toContain("Any other path answers 404 NOT_FOUND");
    expect(description).toContain("405 METHOD_NOT_ALLOWED with Allow naming its methods");
  });

  it("answers an unknown path 404 NOT_FOUND and an unserved method 405 METHOD_NOT_ALLOWED, as the description says", async () => {
    const h = await createHarness();
    const missing = await h.app.request("/nope");
    expect([missing.status, await json(missing)]).toEqual([
      404,
      { error: { code: "NOT_FOUND", message: ERROR_CODES.NOT_FOUND.message } },
    ]);
    const wrong = await h.app.request("/events", { method: "PUT" });
    expect([wrong.status, wrong.headers.get("allow"), await json(wrong)]).toEqual([
      405,
      "OPTIONS, POST",
      { error: { code: "METHOD_NOT_ALLOWED", message: "use POST /events" } },
    ]);
  });

  it("answers POST /events with 202, 207 and every status of the codes it can raise", () => {
    const responses = Object.keys(at(doc, "paths", "/events", "post", "responses"));
    expect(responses).toEqual(
      expect.arrayContaining([
        "202",
        "207",
        "400",
        "401",
        "403",
        "408",
        "413",
        "415",
        "429",
        "500",
        "501",
        "503",
      ]),
    );
  });

  it("describes every body form decode.ts accepts", () => {
    const content = Object.keys(at(doc, "paths", "/events", "post", "requestBody", "content"));
    for (const type of SUPPORTED_TYPES)
      expect(content).toContain(type.startsWith("binary-mode") ? "*/*" : type);
    expect(content).toEqual(
      expect.arrayContaining(["text/plain", "application/x-www-form-urlencoded", "application/ndjson"]),
    );
  });

  it("describes exactly the event members normalise.ts accepts", () => {
    expect(Object.keys(at(doc, "components", "schemas", "PlainEvent", "properties"))).toEqual([
      ...PLAIN_FIELDS,
    ]);
    expect(Object.keys(at(doc, "components", "schemas", "CloudEvent", "properties"))).toEqual([
      ...CE_CONTEXT,
    ]);
  });

  it("has no dangling $ref", () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) {
      const path = r.slice(8, -1).replace(/^#\//, "").split("/");
      expect(
        path.reduce<unknown>((v, k) => (v as Json | undefined)?.[k], doc),
        r,
      ).toBeDefined();
    }
  });
});

describe("responses conform to the document", () => {
  const cases: [string, string | null, Record<string, string>][] = [
    ["one event", '{"type":"a"}', { "content-type": "application/json" }],
    ["a mixed batch", '[{"type":"a"},{"nope":1}]', { "content-type": "application/json" }],
    ["invalid JSON", "{", { "content-type": "application/json" }],
    ["a lone invalid event", '{"nope":1}', { "content-type": "application/json" }],
    ["an unsupported type", "x", { "content-type": "image/png" }],
    ["a bad encoding", "x", { "content-type": "application/json", "content-encoding": "br" }],
    [
      "a bad transfer coding",
      "{}",
      { "content-type": "application/json", "transfer-encoding": "gzip, chunked" },
    ],
    [
      "a bad Idempotency-Key",
      '{"type":"a"}',
      { "content-type": "application/json", "idempotency-key": "\u00e9" },
    ],
    ["an empty body", "", { "content-type": "application/json" }],
  ];

  it.each(cases)(
    "POST /events with %s answers a documented status, and an error code of that status",
    async (_, body, headers) => {
      const h = await createHarness();
      const res = await h.post(body, headers);
      const response = at(doc, "paths", "/events", "post", "responses", String(res.status));
      expect(Object.keys(response), `status ${res.status}`).not.toEqual([]);
      const payload = await json(res);
      const error = payload["error"] as { code: ErrorCode } | undefined;
      if (error !== undefined) {
        const schema = at(
          doc,
          "components",
          "responses",
          `Error${res.status}`,
          "content",
          "application/json",
          "schema",
        );
        expect(at(schema, "properties", "error", "properties", "code")["enum"]).toContain(error.code);
      }
    },
  );
});
