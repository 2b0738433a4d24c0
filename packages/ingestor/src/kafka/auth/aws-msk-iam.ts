import type * as SignerModule from "aws-msk-iam-sasl-signer-js";
import type * as CredentialModule from "aws-msk-iam-sasl-signer-js/dist/mskCredentialProvider.js";
import { once } from "./memo.js";
import type { FetchToken } from "./token.js";

type Signer = typeof SignerModule;
/** AWS credentials as the signer takes them (`AwsCredentialIdentityProvider`). */
export type AwsCredentialsProvider = Parameters<
  Signer["generateAuthTokenFromCredentialsProvider"]
>[0]["awsCredentialsProvider"];

/** What the MSK IAM token needs of the AWS SDK; tests pass fakes. */
export interface AwsMskIamSdk {
  /** Builds the default credential chain (env, EKS Pod Identity, IRSA web identity, profile, instance role). */
  readonly defaultCredentials: (region: string) => AwsCredentialsProvider;
  /** The official signer: a SigV4-presigned `kafka-cluster:Connect` URL, base64url, at most 900 s. */
  readonly sign: Signer["generateAuthTokenFromCredentialsProvider"];
}

/** Loads the signer only when the mechanism is used: the other deployments never load the AWS SDK. */
export async function loadAwsMskIamSdk(): Promise<AwsMskIamSdk> {
  const [signer, credentials] = await Promise.all([
    import("aws-msk-iam-sasl-signer-js") as Promise<Signer>,
    import("aws-msk-iam-sasl-signer-js/dist/mskCredentialProvider.js") as Promise<typeof CredentialModule>,
  ]);
  return {
    // The signer's own default chain (fromNodeProviderChain with its retries and session name).
    defaultCredentials: (region) => credentials.getDefaultCredentials({ region }),
    sign: signer.generateAuthTokenFromCredentialsProvider,
  };
}

/**
 * MSK IAM over SASL/OAUTHBEARER (kafkajs' own `aws` mechanism is not what MSK speaks). The credentials
 * provider is built ONCE and reused for every token: it caches the credentials and renews them before they
 * expire. The signer's `generateAuthToken()` builds a new provider chain on each call, which goes back to
 * STS / the metadata service for every token; long-running clients saw it fail after a day or two.
 */
export function awsMskIamTokens(
  region: string,
  sdk: () => Promise<AwsMskIamSdk> = loadAwsMskIamSdk,
): FetchToken {
  const ready = once(async () => {
    const s = await sdk();
    return { sign: s.sign, credentials: s.defaultCredentials(region) };
  });
  return async () => {
    const { sign, credentials } = await ready();
    const { token, expiryTime } = await sign({ region, awsCredentialsProvider: credentials });
    // MSK reads the IAM identity from the signature; the principal is only a name for logs and librdkafka.
    return { value: token, expiresAt: expiryTime, principal: `aws-msk-iam:${region}` };
  };
}
