// A stack with app.schemas under mocks: the folder's schemas reach the cluster as k8s-app mounts them.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULTS, names } from "@event-ingestor/k8s-app";
import { GCP_FAKE, gcpProviderFakes } from "@event-ingestor/infra-gcp/testing";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { kafkaConfig, kafkaSecrets, ProgramMocks, setStackConfig, type Props } from "../test/program.ts";
import { APP_NAME } from "./app-args.js";
import { repoRoot } from "./paths.js";

const FIXTURE = "packages/stack/test/fixtures/schemas";
const SCHEMA_FILES = ["com.acme.order.created.json", "com.acme.user.signed-up.json"];
const { schemas: schemasConfigMap } = names({ appName: APP_NAME });
const fakes = gcpProviderFakes();
const mocks = new ProgramMocks(fakes.resources, fakes.invokes);

beforeAll(async () => {
  await pulumi.runtime.setMocks(mocks, "event-ingestor", "gcp", false);
  setStackConfig(
    { kafka: kafkaConfig, imageTag: "test-tag", app: { schemas: { dir: `${FIXTURE}/`, mode: "strict" } } },
    { ...kafkaSecrets },
  );
  pulumi.runtime.setConfig("gcp:project", GCP_FAKE.project);
  pulumi.runtime.setConfig("gcp:region", GCP_FAKE.region);
  await import("./index.ts");
  await pulumi.runtime.disconnect();
});

const pod = (): Props => {
  const deployment = mocks.one("kubernetes:apps/v1:Deployment").inputs as {
    spec: { template: { spec: Props } };
  };
  return deployment.spec.template.spec;
};

describe("stack with app.schemas (mocked)", () => {
  it("puts every .json file of the folder, as written, in the schemas ConfigMap and nothing else", () => {
    const configMap = mocks
      .all("kubernetes:core/v1:ConfigMap")
      .find((r) => (r.inputs["metadata"] as Props)["name"] === schemasConfigMap);
    expect(configMap?.inputs["data"]).toEqual(
      Object.fromEntries(
        SCHEMA_FILES.map((file) => [file, readFileSync(path.join(repoRoot, FIXTURE, file), "utf8")]),
      ),
    );
  });

  it("mounts the ConfigMap read-only at SCHEMA_DIR and sets SCHEMA_MODE to the stack's mode", () => {
    const spec = pod();
    expect(spec["volumes"]).toContainEqual({
      name: "schemas",
      configMap: { name: schemasConfigMap, defaultMode: 0o444 },
    });
    const [container] = spec["containers"] as Props[];
    expect(container?.["volumeMounts"]).toContainEqual({
      name: "schemas",
      mountPath: DEFAULTS.schemaMountPath,
      readOnly: true,
    });
    expect(container?.["env"]).toEqual(
      expect.arrayContaining([
        { name: "SCHEMA_DIR", value: DEFAULTS.schemaMountPath },
        { name: "SCHEMA_MODE", value: "strict" },
      ]),
    );
  });
});
