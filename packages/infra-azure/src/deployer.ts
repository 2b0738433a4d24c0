// The identity running `pulumi up`: the object the convenience role grants go to, and the token that becomes the
// registry push credential.
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as pulumi from "@pulumi/pulumi";

/** Role assignments must name the principal's type, and the SDK would otherwise assume "User". */
export type PrincipalType = "User" | "ServicePrincipal";

export interface Deployer {
  readonly objectId: pulumi.Output<string>;
  readonly subscriptionId: pulumi.Output<string>;
  readonly tenantId: pulumi.Output<string>;
  readonly principalType: pulumi.Output<PrincipalType>;
  /** Secret: Entra access token (Azure Resource Manager audience) of the deployer. */
  readonly accessToken: pulumi.Output<string>;
}

/** The deployer's access token is not a JWT this code can read. */
export class AccessTokenFormatError extends Error {
  override readonly name = "AccessTokenFormatError";
}

/**
 * Whether an Entra access token was issued to a user or to an application (service principal or managed identity,
 * as in CI): the `idtyp` claim says so; tokens without it are delegated (user) exactly when they carry `scp`.
 */
export function principalTypeOfToken(jwt: string): PrincipalType {
  const payload = jwt.split(".")[1];
  let claims: unknown;
  try {
    claims =
      payload === undefined ? undefined : JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    claims = undefined;
  }
  if (typeof claims !== "object" || claims === null) {
    throw new AccessTokenFormatError("the Azure access token of the deployer is not a readable JWT");
  }
  if ("idtyp" in claims && (claims.idtyp === "app" || claims.idtyp === "user")) {
    return claims.idtyp === "app" ? "ServicePrincipal" : "User";
  }
  return "scp" in claims ? "User" : "ServicePrincipal";
}

/** Reads the deployer from the provider's credentials (az CLI login locally, OIDC in CI). */
export function resolveDeployer(parent: pulumi.Resource): Deployer {
  const client = authorization.getClientConfigOutput({ parent });
  const accessToken = pulumi.secret(authorization.getClientTokenOutput({}, { parent }).token);
  return {
    objectId: client.objectId,
    subscriptionId: client.subscriptionId,
    tenantId: client.tenantId,
    // Derived from the secret token, but the type itself is not sensitive: keep plan diffs readable.
    principalType: pulumi.unsecret(accessToken.apply(principalTypeOfToken)),
    accessToken,
  };
}
