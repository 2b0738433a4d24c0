// Fakes of what the GCP provider computes, for Pulumi mocks: this package's tests and the stack's program
// tests use the same ones (`@event-ingestor/infra-gcp/testing`).
import type { Props, ProviderFakes } from "@event-ingestor/platform/testing";

export const GCP_FAKE = {
  project: "acme-ingest",
  region: "europe-west1",
  accessToken: "ya29.mock-access-token",
} as const;

export function gcpProviderFakes(
  f: { project: string; region: string; accessToken: string } = GCP_FAKE,
): ProviderFakes {
  return {
    resources: {
      "gcp:serviceaccount/account:Account": ({ inputs }) => {
        const email = `${String(inputs["accountId"])}@${f.project}.iam.gserviceaccount.com`;
        return { email, name: `projects/${f.project}/serviceAccounts/${email}` };
      },
      "gcp:container/cluster:Cluster": () => ({
        endpoint: "203.0.113.10",
        masterAuth: { clusterCaCertificate: "LS0tLS1CRUdJTi1DQQ==" },
      }),
    },
    invokes: {
      "gcp:organizations/getClientConfig:getClientConfig": (): Props => ({
        accessToken: f.accessToken,
        project: f.project,
        region: f.region,
        zone: "",
        id: "client",
      }),
    },
  };
}
