// The gcp stack with the defaults of a new stack: Managed Service for Apache Kafka and managed Prometheus.
import { GCP_FAKE, gcpProviderFakes } from "@event-ingestor/infra-gcp/testing";
import { describeManagedProgram, get } from "../test/managed-suite.ts";
import { ProgramMocks } from "../test/program.ts";

const { project, region } = GCP_FAKE;
const fakes = gcpProviderFakes();
// The cloud's Kafka resources register slowly: whatever does not wait for them registers first.
const mocks = new ProgramMocks(fakes.resources, fakes.invokes, {
  "gcp:managedkafka/cluster:Cluster": 300,
  "gcp:managedkafka/topic:Topic": 300,
  "gcp:projects/iAMMember:IAMMember": 300,
});

describeManagedProgram(mocks, {
  cloud: "gcp",
  config: { "gcp:project": project, "gcp:region": region },
  brokers: () => {
    const clusterId = String(get(mocks.one("gcp:managedkafka/cluster:Cluster").inputs, "clusterId"));
    return `bootstrap.${clusterId}.${region}.managedkafka.${project}.cloud.goog:9092`;
  },
  mechanism: "oauthbearer-gcp",
  env: {},
  // 80 and 988: GKE's metadata server, where the pods get their access tokens.
  ports: [9092, 80, 988],
  kafkaResources: () => [
    mocks.one("gcp:managedkafka/cluster:Cluster"),
    ...mocks.all("gcp:managedkafka/topic:Topic"),
    ...mocks
      .all("gcp:projects/iAMMember:IAMMember")
      .filter((r) => r.inputs["role"] === "roles/managedkafka.client"),
  ],
  metricsResources: [],
  scrapeType: "kubernetes:monitoring.googleapis.com/v1:PodMonitoring",
});
