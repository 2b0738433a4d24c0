import { afterEach, describe, expect, it, vi } from "vitest";
import {
  awsMskIamTokens,
  loadAwsMskIamSdk,
  type AwsCredentialsProvider,
  type AwsMskIamSdk,
} from "./aws-msk-iam.js";
import { TokenManager } from "./token.js";

afterEach(() => {
  vi.useRealTimers();
});

/** The official signer with a fake credential chain: counts how often the chain is built and asked. */
async function fakeChain() {
  const real = await loadAwsMskIamSdk();
  const ask = vi.fn(() =>
    Promise.resolve({
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      sessionToken: "session-token",
      expiration: new Date(Date.now() + 6 * 3_600_000),
    }),
  );
  const built = vi.fn<(region: string) => AwsCredentialsProvider>(() => ask);
  const providers = new Set<unknown>();
  const sign = vi.fn<AwsMskIamSdk["sign"]>((options) => {
    providers.add(options.awsCredentialsProvider);
    return real.sign(options);
  });
  const sdk: AwsMskIamSdk = { defaultCredentials: built, sign };
  return { sdk, built, ask, sign, providers };
}

describe("aws-msk-iam tokens", () => {
  it("builds ONE credentials provider and reuses it for every token, refreshed ahead of the 900 s expiry", async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 2, 5, 0, 0) });
    const chain = await fakeChain();
    const m = new TokenManager({
      mechanism: "aws-msk-iam",
      fetch: awsMskIamTokens("eu-west-1", () => Promise.resolve(chain.sdk)),
    });
    m.start();
    await vi.advanceTimersByTimeAsync(0);
    const expiries: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = await m.token();
      expiries.push(t.expiresAt);
      expect(t.expiresAt - Date.now()).toBeGreaterThanOrEqual(180_000); // never served within 3 min of expiry
      await vi.advanceTimersByTimeAsync(720_000);
    }
    m.stop();
    expect(chain.sign.mock.calls.length).toBeGreaterThanOrEqual(30);
    expect(chain.built).toHaveBeenCalledTimes(1);
    expect(chain.built).toHaveBeenCalledWith("eu-west-1");
    expect(chain.providers.size).toBe(1);
    expect(chain.ask.mock.calls.length).toBe(chain.sign.mock.calls.length);
    expect(new Set(expiries).size).toBe(30);
  });

  it("is the signer's presigned kafka-cluster:Connect URL for the region, base64url, valid 900 s", async () => {
    const now = Date.UTC(2026, 11, 2, 5, 0, 0);
    vi.useFakeTimers({ now });
    const chain = await fakeChain();
    const token = await awsMskIamTokens("eu-west-1", () => Promise.resolve(chain.sdk))();
    expect(token.value).toMatch(/^[A-Za-z0-9_-]+$/);
    const url = new URL(Buffer.from(token.value, "base64url").toString("utf8"));
    expect(url.protocol).toBe("https:");
    expect(url.host).toBe("kafka.eu-west-1.amazonaws.com");
    expect(url.searchParams.get("Action")).toBe("kafka-cluster:Connect");
    expect(url.searchParams.get("X-Amz-Algorithm")).toBe("AWS4-HMAC-SHA256");
    expect(url.searchParams.get("X-Amz-Credential")).toBe(
      "AKIAIOSFODNN7EXAMPLE/20261202/eu-west-1/kafka-cluster/aws4_request",
    );
    expect(url.searchParams.get("X-Amz-Expires")).toBe("900");
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("session-token");
    expect(url.searchParams.get("X-Amz-Signature")).toMatch(/^[0-9a-f]{64}$/);
    expect(token.expiresAt).toBe(now + 900_000);
    expect(token.principal).toBe("aws-msk-iam:eu-west-1");
  });

  it("tries loading the SDK again after a failure instead of keeping the failure", async () => {
    const chain = await fakeChain();
    const load = vi
      .fn<() => Promise<AwsMskIamSdk>>()
      .mockRejectedValueOnce(new Error("cannot load"))
      .mockResolvedValue(chain.sdk);
    const fetch = awsMskIamTokens("us-east-1", load);
    await expect(fetch()).rejects.toThrow("cannot load");
    await expect(fetch()).resolves.toMatchObject({ principal: "aws-msk-iam:us-east-1" });
    expect(chain.built).toHaveBeenCalledTimes(1);
  });

  it("loads the official signer and its default credential chain (nothing is asked until a token is)", async () => {
    const sdk = await loadAwsMskIamSdk();
    expect(typeof sdk.sign).toBe("function");
    expect(typeof sdk.defaultCredentials("eu-west-1")).toBe("function");
  });
});
