import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { buildObjects, toYaml } from "@event-ingestor/k8s-app";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./paths.js";
import { PLACEHOLDER_DIGEST, renderSpec } from "./render-spec.js";

const stackFiles = readdirSync(repoRoot).filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f));
const stackOf = (file: string): string => file.replace(/^Pulumi\.|\.yaml$/g, "");
const read = (file: string): string => readFileSync(path.join(repoRoot, file), "utf8");

const kafka = `
  event-ingestor:kafka:
    bootstrapServers: b1.example.net:9096
    saslMechanism: scram-sha-256`;

describe("render", () => {
  it("finds a stack file for every cloud", () => {
    expect(stackFiles.map(stackOf).sort()).toEqual(["aws", "azure", "gcp"]);
  });

  for (const file of stackFiles) {
    describe(file, () => {
      const rendered = renderSpec(stackOf(file), read(file));
      const objects = buildObjects(rendered.spec);
      const byKind = (kind: string) => objects.filter((o) => (o as { kind?: string }).kind === kind);

      it("holds no plain-text secret", () => {
        expect(rendered.warnings).toEqual([]);
      });

      it("renders through the k8s-app builders with a placeholder digest and the cloud's ingress", () => {
        expect(rendered.spec.image.endsWith(`@${PLACEHOLDER_DIGEST}`)).toBe(true);
        expect(byKind("Deployment")).toHaveLength(1);
        expect(byKind("Ingress")).toHaveLength(1);
        expect(toYaml(objects)).toContain(PLACEHOLDER_DIGEST);
      });

      it("puts credentials in the Secret as placeholders and never in the ConfigMap", () => {
        const [configMap] = byKind("ConfigMap") as { data?: Record<string, string> }[];
        expect(Object.keys(configMap?.data ?? {})).not.toContain("KAFKA_SASL_PASSWORD");
        const [secret] = byKind("Secret") as { stringData?: Record<string, string> }[];
        for (const value of Object.values(secret?.stringData ?? {}))
          expect(value).toMatch(/^<secret event-ingestor:\w+>$/);
      });
    });
  }

  it("maps the stack's Kafka and app settings into the ConfigMap, and SASL credentials into the Secret", () => {
    const { spec } = renderSpec(
      "aws",
      `config:\n  event-ingestor:app:\n    namespace: ingest\n    host: events.example.com${kafka}\n  event-ingestor:kafkaPassword:\n    secure: AAABAJx=\n`,
    );
    expect(spec.namespace).toBe("ingest");
    expect(spec.ingress).toEqual({ flavour: "alb", host: "events.example.com" });
    expect(spec.config).toMatchObject({
      KAFKA_BROKERS: "b1.example.net:9096",
      KAFKA_SASL_MECHANISM: "scram-sha-256",
    });
    expect(spec.secretConfig).toEqual({
      KAFKA_SASL_USERNAME: "<secret event-ingestor:kafkaUsername>",
      KAFKA_SASL_PASSWORD: "<secret event-ingestor:kafkaPassword>",
    });
  });

  it("warns when a secret sits in the stack file in plain text", () => {
    const { warnings } = renderSpec("gcp", `config:${kafka}\n  event-ingestor:kafkaPassword: hunter2\n`);
    expect(warnings).toEqual([
      "event-ingestor:kafkaPassword is stored in plain text; set it with `pulumi config set --secret kafkaPassword`",
    ]);
  });

  it("uses each cloud's workload identity wiring", () => {
    const azure = renderSpec("azure", `config:${kafka}\n`).spec;
    expect(azure.podLabels).toEqual({ "azure.workload.identity/use": "true" });
    expect(Object.keys(azure.serviceAccountAnnotations ?? {})).toEqual(["azure.workload.identity/client-id"]);
    expect(renderSpec("gcp", `config:${kafka}\n`).spec.ingress?.flavour).toBe("gce");
  });
});
