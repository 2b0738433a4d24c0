import { describe, expect, it, vi } from "vitest";
import { gcpTokens, googleKafkaToken, type GoogleCredentialSource } from "./gcp.js";

// Built by hand (Python's urlsafe_b64encode, '=' stripped), not with the code under test:
//   header  {"typ":"JWT","alg":"GOOG_OAUTH2_TOKEN"}
//   claims  {"exp":1764655200,"iat":1764651600,"scope":"kafka","sub":"ingestor@my-project.iam.gserviceaccount.com"}
//   token   ya29.a0AfB_byC-example_token
const HEADER = "eyJ0eXAiOiJKV1QiLCJhbGciOiJHT09HX09BVVRIMl9UT0tFTiJ9";
const CLAIMS =
  "eyJleHAiOjE3NjQ2NTUyMDAsImlhdCI6MTc2NDY1MTYwMCwic2NvcGUiOiJrYWZrYSIsInN1YiI6ImluZ2VzdG9yQG15LXByb2plY3QuaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20ifQ";
const ACCESS = "eWEyOS5hMEFmQl9ieUMtZXhhbXBsZV90b2tlbg";
const EMAIL = "ingestor@my-project.iam.gserviceaccount.com";
const IAT_MS = 1_764_651_600_000;
const EXP_MS = 1_764_655_200_000;

describe("the GCP Managed Kafka token", () => {
  it("is b64url(header).b64url(claims).b64url(access token), byte for byte", () => {
    const token = googleKafkaToken("ya29.a0AfB_byC-example_token", EXP_MS, EMAIL, IAT_MS);
    expect(token).toBe(`${HEADER}.${CLAIMS}.${ACCESS}`);
  });

  it("uses whole seconds (floored) and base64url without padding", () => {
    const token = googleKafkaToken("ya29.c.b0?>~~", EXP_MS + 999, EMAIL, IAT_MS + 999);
    // Standard base64 of the access token is eWEyOS5jLmIwPz5+fg== ; base64url turns + into - and drops '='.
    expect(token).toBe(`${HEADER}.${CLAIMS}.eWEyOS5jLmIwPz5-fg`);
    expect(token).not.toMatch(/[=+/]/);
  });

  it("wraps the access token from application default credentials, sub = the service account", async () => {
    const source: GoogleCredentialSource = {
      accessToken: vi.fn(() => Promise.resolve({ token: "ya29.a0AfB_byC-example_token", expiresAt: EXP_MS })),
      email: vi.fn(() => Promise.resolve(EMAIL)),
    };
    const token = await gcpTokens(source, () => IAT_MS)();
    expect(token).toEqual({ value: `${HEADER}.${CLAIMS}.${ACCESS}`, expiresAt: EXP_MS, principal: EMAIL });
  });

  it("assumes a short life when the credentials do not say when the access token expires", async () => {
    const source: GoogleCredentialSource = {
      accessToken: () => Promise.resolve({ token: "t" }),
      email: () => Promise.resolve(EMAIL),
    };
    const token = await gcpTokens(source, () => IAT_MS)();
    expect(token.expiresAt).toBe(IAT_MS + 300_000);
  });

  it("fails the fetch when the credentials name no service account", async () => {
    const source: GoogleCredentialSource = {
      accessToken: () => Promise.resolve({ token: "t", expiresAt: EXP_MS }),
      email: () =>
        Promise.reject(new Error("the Google application default credentials name no service account")),
    };
    await expect(gcpTokens(source)()).rejects.toThrow("name no service account");
  });
});
