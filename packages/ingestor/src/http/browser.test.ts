import { describe, expect, it } from "vitest";
import { createHarness, errorCode, json, TOPIC } from "../testing/harness.js";

const ORIGIN = "https://app.example.com";

async function preflight(
  h: Awaited<ReturnType<typeof createHarness>>,
  origin: string,
  requestHeaders = "content-type, authorization, idempotency-key, traceparent, ce-specversion, ce-id, ce-type, ce-source",
): Promise<Response> {
  return h.app.request("/events", {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": requestHeaders,
    },
  });
}

describe("CORS (CORS_ORIGINS)", () => {
  it("answers a preflight from an allowed origin with 204, the methods and every header a client sends", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: `${ORIGIN}, http://localhost:3000` } });
    const res = await preflight(h, ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(", ");
    for (const name of [
      "content-type",
      "authorization",
      "x-api-key",
      "idempotency-key",
      "traceparent",
      "tracestate",
      "ce-specversion",
      "ce-id",
      "ce-type",
      "ce-source",
    ]) {
      expect(allowed).toContain(name);
    }
    expect(res.headers.get("access-control-max-age")).toBe("7200");
    expect(res.headers.get("vary")).toContain("Origin");
    expect(h.port.calls).toHaveLength(0);
  });

  it("echoes only ce-* attribute names from the requested headers, never arbitrary ones", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: ORIGIN } });
    const res = await preflight(h, ORIGIN, "ce-myext, x-evil, ce-");
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(", ");
    expect(allowed).toContain("ce-myext");
    expect(allowed).not.toContain("x-evil");
    expect(allowed).not.toContain("ce-");
  });

  it("normalises configured origins as browsers send them (trailing slash, default port, upper case)", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: "HTTPS://App.Example.com:443/" } });
    expect((await preflight(h, ORIGIN)).headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("gives an origin that is not listed no CORS headers, so the browser refuses", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: ORIGIN } });
    const res = await preflight(h, "https://evil.example.com");
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-headers")).toBeNull();
    const post = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      origin: "https://evil.example.com",
    });
    expect(post.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds no CORS headers at all when CORS_ORIGINS is unset (the default)", async () => {
    const h = await createHarness();
    const res = await preflight(h, ORIGIN);
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
    expect([...res.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
    const post = await h.post('{"type":"a"}', { "content-type": "application/json", origin: ORIGIN });
    expect([...post.headers.keys()].filter((k) => k.startsWith("access-control-"))).toEqual([]);
  });

  it("lets a fetch()/sendBeacon() text/plain body from an allowed origin through, exposing X-Request-Id", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: ORIGIN } });
    const res = await h.post('{"type":"beacon"}', {
      "content-type": "text/plain;charset=UTF-8",
      origin: ORIGIN,
    });
    expect(res.status).toBe(202);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-expose-headers")).toBe("X-Request-Id, Retry-After");
    expect(res.headers.get("x-request-id")).not.toBeNull();
    expect(h.port.records(TOPIC).map((r) => r.headers["ce_type"])).toEqual(["beacon"]);
  });

  it("keeps the CORS headers on errors, so a browser can read a 503's code and Retry-After", async () => {
    const h = await createHarness({ env: { CORS_ORIGINS: ORIGIN } });
    h.state.close();
    const res = await h.post('{"type":"a"}', { "content-type": "application/json", origin: ORIGIN });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  it("refuses a CORS_ORIGINS entry that is not an origin at start-up", async () => {
    await expect(createHarness({ env: { CORS_ORIGINS: "https://a.example.com/path,*" } })).rejects.toThrow(
      /CORS_ORIGINS.*'https:\/\/a\.example\.com\/path' is not an origin[\s\S]*'\*' is not an origin/,
    );
  });

  it("names OPTIONS and POST in Allow on a 405", async () => {
    const h = await createHarness();
    const res = await h.app.request("/events", { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("OPTIONS, POST");
  });
});

describe("401 WWW-Authenticate (RFC 9110)", () => {
  it("names the Bearer scheme on a 401, and not on a 403", async () => {
    const h = await createHarness({ env: { API_KEYS: "k1" } });
    const missing = await h.post('{"type":"a"}');
    expect(missing.status).toBe(401);
    expect(await errorCode(missing)).toBe("UNAUTHORIZED");
    expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="event-ingestor"');
    const wrong = await h.post('{"type":"a"}', {
      "content-type": "application/json",
      authorization: "Bearer nope",
    });
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get("www-authenticate")).toBeNull();
    const good = await h.post('{"type":"a"}', { "content-type": "application/json", "x-api-key": "k1" });
    expect(await json(good)).toMatchObject({ accepted: 1 });
  });
});
