import { describe, expect, it } from "vitest";
import { AccessTokenFormatError, principalTypeOfToken } from "./deployer.js";

function token(claims: object): string {
  return ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "signature"].join(".");
}

describe("principalTypeOfToken", () => {
  it("reads the idtyp claim: app tokens belong to service principals, user tokens to users", () => {
    expect(principalTypeOfToken(token({ idtyp: "app", oid: "x" }))).toBe("ServicePrincipal");
    expect(principalTypeOfToken(token({ idtyp: "user", scp: "user_impersonation" }))).toBe("User");
  });

  it("falls back to the scp claim, which only delegated (user) tokens carry", () => {
    expect(principalTypeOfToken(token({ scp: "user_impersonation" }))).toBe("User");
    expect(principalTypeOfToken(token({ roles: [] }))).toBe("ServicePrincipal");
  });

  it("rejects a token it cannot read", () => {
    expect(() => principalTypeOfToken("not-a-jwt")).toThrow(AccessTokenFormatError);
    expect(() => principalTypeOfToken("a.bm90IGpzb24.c")).toThrow(AccessTokenFormatError);
  });
});
