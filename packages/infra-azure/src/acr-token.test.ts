import { describe, expect, it } from "vitest";
import { AcrTokenExchangeError, exchangeForAcrRefreshToken, type ExchangeDeps } from "./acr-token.js";

const args = { loginServer: "acme.azurecr.io", tenantId: "tenant", accessToken: "secret-entra-token" };

/** A fetch that answers from a script, one response (or thrown error) per call, and counts the calls. */
function scripted(...steps: (Response | Error)[]): ExchangeDeps & { calls: () => number; slept: number[] } {
  let calls = 0;
  const slept: number[] = [];
  return {
    fetch: async () => {
      await Promise.resolve();
      const step = steps[calls++];
      if (step === undefined) throw new Error("unexpected extra request");
      if (step instanceof Error) throw step;
      return step;
    },
    sleep: async (ms) => {
      slept.push(ms);
      await Promise.resolve();
    },
    attempts: 3,
    calls: () => calls,
    slept,
  };
}

describe("exchangeForAcrRefreshToken", () => {
  it("returns the refresh token the registry issues", async () => {
    const deps = scripted(Response.json({ refresh_token: "acr-refresh" }));
    await expect(exchangeForAcrRefreshToken(args, deps)).resolves.toBe("acr-refresh");
  });

  it("retries a registry that is not reachable yet or failing, with growing pauses", async () => {
    const deps = scripted(
      new TypeError("getaddrinfo ENOTFOUND acme.azurecr.io"),
      new Response("busy", { status: 503 }),
      Response.json({ refresh_token: "acr-refresh" }),
    );
    await expect(exchangeForAcrRefreshToken(args, deps)).resolves.toBe("acr-refresh");
    expect(deps.slept).toEqual([2000, 4000]);
  });

  it("fails at once on a refusal, with the status and without the token in the message", async () => {
    const deps = scripted(new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401 }));
    const error: unknown = await exchangeForAcrRefreshToken(args, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AcrTokenExchangeError);
    expect(error).toMatchObject({ status: 401, loginServer: "acme.azurecr.io" });
    expect(String(error)).toContain("UNAUTHORIZED");
    expect(String(error)).not.toContain("secret-entra-token");
    expect(deps.calls()).toBe(1);
  });

  it("gives up after the configured attempts", async () => {
    const deps = scripted(...[1, 2, 3].map(() => new Response("down", { status: 500 })));
    await expect(exchangeForAcrRefreshToken(args, deps)).rejects.toMatchObject({ status: 500 });
    expect(deps.calls()).toBe(3);
  });

  it("rejects an answer without a refresh token", async () => {
    const deps = scripted(Response.json({ access_token: "wrong-kind" }));
    await expect(exchangeForAcrRefreshToken(args, deps)).rejects.toThrow(/no refresh_token/);
  });
});
