import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { buildObjects, toYaml, type IngestorAppSpec } from "@event-ingestor/k8s-app";
import { MANAGED_KAFKA_MECHANISMS } from "@event-ingestor/platform";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./paths.js";
import { PLACEHOLDER_DIGEST, renderSpec, TLS_RENDER_HOST } from "./render-spec.js";

const stackFiles = readdirSync(repoRoot).filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f));
const stackOf = (file: string): string => file.replace(/^Pulumi\.|\.yaml$/g, "");
const read = (file: string): string => readFileSync(path.join(repoRoot, file), "utf8");

const kafka = `
  event-ingestor:kafka:
    mode: external
    bootstrapServers: b1.kafka.acme-corp.net:9096
    saslMechanism: scram-sha-256`;

/** What each shipped stack file leaves for the reader to set in the cloud's own settings. */
const CLOUD_PLACEHOLDER_PROBLEMS: Readonly<Record<string, readonly RegExp[]>> = {
  aws: [],
  gcp: [/^gcp:project is still the placeholder "my-gcp-project": set it with /],
  azure: [/^event-ingestor:azure: adminGroupObjectIds must name at least one Entra group/],
};

/** A stack file with nothing the stack itself refuses: only the cloud's own settings can be at fault. */
const cloudOnly = (cloudSettings: string): string =>
  `config:\n  event-ingestor:app:\n    allowAnonymous: true\n  event-ingestor:kafka:\n    mode: external\n    bootstrapServers: b1.kafka.acme-corp.net:9092\n${cloudSettings}`;

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

      it("ships placeholders and no secrets, which `pulumi up` refuses: render lists them all", () => {
        // A managed stack needs no Kafka address or secret; an external one ships placeholders for both.
        const mechanism = rendered.spec.config?.["KAFKA_SASL_MECHANISM"] ?? "";
        const external = !(MANAGED_KAFKA_MECHANISMS as readonly string[]).includes(mechanism);
        const expected: RegExp[] = [
          ...(external
            ? [
                /^event-ingestor:kafka\.bootstrapServers is still the placeholder /,
                /^event-ingestor:kafkaUsername is required with kafka\.saslMechanism /,
                /^event-ingestor:kafkaPassword is required with kafka\.saslMechanism /,
              ]
            : []),
          /^event-ingestor:apiKeys is not set and the ingress is public/,
          // The cloud's own placeholders, as its config.ts refuses them at `up`.
          ...(CLOUD_PLACEHOLDER_PROBLEMS[stackOf(file)] ?? []),
        ];
        expect(rendered.deployProblems).toHaveLength(expected.length);
        rendered.deployProblems.forEach((problem, i) => {
          expect(problem).toMatch(expected[i] ?? /^$/);
        });
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

  describe("the TLS render checkov scans (tls option) of each shipped stack file", () => {
    const tlsRender = (cloud: string) => {
      const file = `Pulumi.${cloud}.yaml`;
      const rendered = renderSpec(cloud, read(file), { tls: true });
      const objects = buildObjects(rendered.spec) as readonly {
        kind: string;
        metadata: { name: string; annotations?: Record<string, string> };
        spec?: Record<string, unknown>;
      }[];
      const plain = renderSpec(cloud, read(file)).deployProblems;
      return {
        objects,
        ingress: objects.find((o) => o.kind === "Ingress"),
        // What the TLS render flags beyond the shipped file: the sample host, nothing from the sample TLS settings.
        addedProblems: rendered.deployProblems.filter((problem) => !plain.includes(problem)),
      };
    };
    const hostProblem = `event-ingestor:app.host is still the placeholder "${TLS_RENDER_HOST}": set it with \`pulumi config set --path app.host events.your-domain.com --stack `;

    it("aws: the ALB's HTTPS listener, 80 -> 443 redirect, ACM certificate and TLS policy", () => {
      const { ingress, addedProblems } = tlsRender("aws");
      expect(ingress?.metadata.annotations).toMatchObject({
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn":
          "arn:aws:acm:region:000000000000:certificate/00000000-0000-0000-0000-000000000000",
        "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      });
      expect(ingress?.spec?.["tls"]).toEqual([{ hosts: [TLS_RENDER_HOST] }]);
      expect(addedProblems).toEqual([`${hostProblem}aws\``]);
    });

    it("gcp: the managed certificate for the host and the FrontendConfig redirecting to HTTPS, named on the Ingress", () => {
      const { objects, ingress, addedProblems } = tlsRender("gcp");
      expect(ingress?.metadata.annotations).toMatchObject({
        "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
        "networking.gke.io/managed-certificates": "event-ingestor-cert",
        "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
      });
      expect(objects.find((o) => o.kind === "ManagedCertificate")).toMatchObject({
        metadata: { name: "event-ingestor-cert" },
        spec: { domains: [TLS_RENDER_HOST] },
      });
      expect(objects.find((o) => o.kind === "FrontendConfig")).toMatchObject({
        metadata: { name: "event-ingestor-https" },
        spec: { redirectToHttps: { enabled: true, responseCodeName: "MOVED_PERMANENTLY_DEFAULT" } },
      });
      expect(addedProblems).toEqual([`${hostProblem}gcp\``]);
    });

    it("azure: app routing serving the Key Vault certificate from its TLS Secret, HTTP redirected", () => {
      const { ingress, addedProblems } = tlsRender("azure");
      expect(ingress?.metadata.annotations).toMatchObject({
        "kubernetes.azure.com/tls-cert-keyvault-uri":
          "https://vault.vault.azure.net/certificates/event-ingestor",
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
      });
      expect(ingress?.spec?.["tls"]).toEqual([
        { hosts: [TLS_RENDER_HOST], secretName: "keyvault-event-ingestor" },
      ]);
      expect(addedProblems).toEqual([`${hostProblem}azure\``]);
    });
  });

  it("maps the stack's Kafka and app settings into the ConfigMap, and SASL credentials into the Secret", () => {
    const { spec } = renderSpec(
      "aws",
      `config:\n  event-ingestor:app:\n    namespace: ingest\n    host: events.example.com${kafka}\n  event-ingestor:kafkaPassword:\n    secure: AAABAJx=\n`,
    );
    expect(spec.namespace).toBe("ingest");
    expect(spec.ingress).toEqual({ flavour: "alb", host: "events.example.com" });
    expect(spec.namespaceLabels).toEqual({ "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled" });
    expect(spec.labels).toBeUndefined();
    expect(spec.config).toMatchObject({
      KAFKA_BROKERS: "b1.kafka.acme-corp.net:9096",
      KAFKA_SASL_MECHANISM: "scram-sha-256",
    });
    expect(spec.secretConfig).toEqual({
      KAFKA_SASL_USERNAME: "<secret event-ingestor:kafkaUsername>",
      KAFKA_SASL_PASSWORD: "<secret event-ingestor:kafkaPassword>",
    });
  });

  it("shows managed Kafka on every cloud with placeholder addresses, its mechanism and no Kafka password", () => {
    const managed = (cloud: string, extra = ""): IngestorAppSpec =>
      renderSpec(cloud, `config:\n  event-ingestor:kafka:\n    mode: managed\n${extra}`).spec;
    const aws = managed("aws");
    expect(aws.config).toEqual({
      KAFKA_BROKERS: "boot-00000000.c1.kafka-serverless.region.amazonaws.com:9098",
      KAFKA_TOPIC: "events",
      KAFKA_DLQ_TOPIC: "events.dlq",
      KAFKA_TOPIC_PARTITIONS: "6",
      KAFKA_SSL: "true",
      KAFKA_SASL_MECHANISM: "aws-msk-iam",
      AWS_REGION: "region",
      LOG_LEVEL: "info",
      KAFKA_MIN_ISR_REQUIRED: "2",
    });
    expect(aws.secretConfig).toEqual({});
    // 443: STS, where the pods get the IRSA credentials they sign MSK tokens with.
    expect(aws.networkPolicy).toEqual({ enabled: true, kafkaPorts: [9098, 443] });
    expect(aws.topicsJob).toEqual({
      serviceAccountAnnotations: {
        "eks.amazonaws.com/role-arn": "arn:aws:iam::000000000000:role/event-ingestor-kafka-topics",
      },
    });
    expect(managed("gcp").config).toMatchObject({
      KAFKA_BROKERS: "bootstrap.cluster.region.managedkafka.project.cloud.goog:9092",
      KAFKA_SASL_MECHANISM: "oauthbearer-gcp",
    });
    expect(managed("gcp").topicsJob).toBeUndefined();
    expect(managed("azure").config).toMatchObject({
      KAFKA_BROKERS: "namespace.servicebus.windows.net:9093",
      KAFKA_SASL_MECHANISM: "oauthbearer-azure",
    });
    const yaml = toYaml(buildObjects(aws));
    expect(yaml).not.toContain("KAFKA_SASL_PASSWORD");
    expect(yaml).toContain("kind: Job");
  });

  it("renders each cloud's managed Prometheus scrape with app.metrics managed, none without", () => {
    const metrics = (cloud: string, mode: string) =>
      renderSpec(cloud, `config:\n  event-ingestor:app:\n    metrics: ${mode}\n`).spec.metricsScrape;
    // AWS's managed collector discovers the pods itself: no scrape object.
    expect(["aws", "gcp", "azure"].map((cloud) => metrics(cloud, "managed"))).toEqual([
      undefined,
      "gke-podmonitoring",
      "azure-monitor",
    ]);
    expect(["aws", "gcp", "azure"].map((cloud) => metrics(cloud, "none"))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("renders app.schemas as the schemas ConfigMap, mounted at SCHEMA_DIR with the stack's mode", () => {
    const schemas = (extra: string): string =>
      `config:${kafka}\n  event-ingestor:app:\n    schemas:\n      dir: packages/stack/test/fixtures/schemas\n${extra}`;
    const { spec } = renderSpec("azure", schemas("      mode: strict\n"));
    expect(Object.keys(spec.schemas?.files ?? {})).toEqual([
      "com.acme.order.created.json",
      "com.acme.user.signed-up.json",
    ]);
    expect(spec.schemas?.mode).toBe("strict");
    const yaml = toYaml(buildObjects(spec));
    expect(yaml).toContain("name: event-ingestor-schemas");
    expect(yaml).toContain("name: SCHEMA_MODE\n              value: strict");
    // Without a mode, k8s-app's default applies.
    expect(renderSpec("azure", schemas("")).spec.schemas).not.toHaveProperty("mode");
    expect(() =>
      renderSpec(
        "azure",
        `config:${kafka}\n  event-ingestor:app:\n    schemas:\n      dir: no/such/folder\n`,
      ),
    ).toThrow(/event-ingestor:app.schemas.dir "no\/such\/folder" is not a folder of the project/);
  });

  it("flags every value the cloud's settings refuse at `up`, with the key to set", () => {
    const problems = (cloud: string, settings: string) =>
      renderSpec(cloud, cloudOnly(settings)).deployProblems;
    expect(problems("gcp", "  gcp:project: my-gcp-project\n")).toEqual([
      'gcp:project is still the placeholder "my-gcp-project": set it with `pulumi config set gcp:project <your-project-id> --stack gcp`',
    ]);
    expect(problems("gcp", "")).toEqual(["gcp:project must be set to a project id, got undefined"]);
    expect(problems("gcp", "  gcp:project: acme-ingest-prod\n")).toEqual([]);
    expect(problems("azure", "  event-ingestor:azure:\n    adminGroupObjectIds: []\n")).toEqual([
      "event-ingestor:azure: adminGroupObjectIds must name at least one Entra group, with you and CI's identity as members, that administers the cluster from its creation: `pulumi config set --path 'azure.adminGroupObjectIds[0]' <group object id> --stack azure` (`az ad group show -g <name> --query id -o tsv`)",
    ]);
    const group =
      "  event-ingestor:azure:\n    adminGroupObjectIds: [0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e]\n";
    expect(problems("azure", group)).toEqual([]);
    expect(
      problems(
        "azure",
        `${group}    tlsCertificateUri: https://my-vault.vault.azure.net/certificates/ingestor\n    keyVaultId: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/my-vault\n`,
      ),
    ).toEqual([
      'event-ingestor:azure: tlsCertificateUri is still the placeholder "https://my-vault.vault.azure.net/certificates/ingestor": set it with `pulumi config set --path azure.tlsCertificateUri <value> --stack azure`',
      'event-ingestor:azure: keyVaultId is still the placeholder "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/my-vault": set it with `pulumi config set --path azure.keyVaultId <value> --stack azure`',
    ]);
    // The stack file's commented example, uncommented as is.
    expect(
      problems(
        "aws",
        "  event-ingestor:aws:\n    certificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/...\n",
      ),
    ).toEqual([
      'event-ingestor:aws: certificateArn must match ^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate\\/[0-9a-f-]{36}$, got "arn:aws:acm:eu-west-1:123456789012:certificate/..."',
    ]);
    expect(problems("aws", "")).toEqual([]);
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

  describe("with app.tls", () => {
    const tls = (cloud: string, cloudConfig = ""): readonly unknown[] =>
      buildObjects(
        renderSpec(
          cloud,
          `config:\n  event-ingestor:app:\n    host: events.acme-corp.net\n    tls: true${kafka}\n${cloudConfig}`,
        ).spec,
      );
    const ingressOf = (objects: readonly unknown[]) =>
      objects.find((o) => (o as { kind?: string }).kind === "Ingress") as {
        metadata: { annotations: Record<string, string> };
        spec: { tls?: unknown };
      };

    it("aws: HTTPS listener, 80 -> 443 redirect, the configured ACM certificate, readiness gates on the namespace", () => {
      const arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
      const objects = tls("aws", `  event-ingestor:aws:\n    certificateArn: ${arn}\n`);
      const ingress = ingressOf(objects);
      expect(ingress.metadata.annotations).toMatchObject({
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}, {"HTTPS": 443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": arn,
        "alb.ingress.kubernetes.io/ssl-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      });
      expect(ingress.spec.tls).toEqual([{ hosts: ["events.acme-corp.net"] }]);
      const namespace = objects.find((o) => (o as { kind?: string }).kind === "Namespace");
      expect(namespace).toHaveProperty(
        ["metadata", "labels", "elbv2.k8s.aws/pod-readiness-gate-inject"],
        "enabled",
      );
    });

    it("gcp: static IP, managed certificate and redirecting FrontendConfig by name, no spec.tls", () => {
      const ingress = ingressOf(tls("gcp"));
      expect(ingress.metadata.annotations).toMatchObject({
        "kubernetes.io/ingress.class": "gce",
        "kubernetes.io/ingress.global-static-ip-name": "event-ingestor-ingress",
        "networking.gke.io/managed-certificates": "event-ingestor-cert",
        "networking.gke.io/v1beta1.FrontendConfig": "event-ingestor-https",
      });
      expect(ingress.spec.tls).toBeUndefined();
    });

    it("azure: the Key Vault certificate by URI, synced into the keyvault-<ingress> Secret, HTTP redirected", () => {
      const uri = "https://acme-kv.vault.azure.net/certificates/ingestor";
      const ingress = ingressOf(tls("azure", `  event-ingestor:azure:\n    tlsCertificateUri: ${uri}\n`));
      expect(ingress.metadata.annotations).toMatchObject({
        "kubernetes.azure.com/tls-cert-keyvault-uri": uri,
        "nginx.ingress.kubernetes.io/ssl-redirect": "true",
      });
      expect(ingress.spec.tls).toEqual([
        { hosts: ["events.acme-corp.net"], secretName: "keyvault-event-ingestor" },
      ]);
    });
  });
});
