import { readFileSync } from "node:fs";
import { foreignValueImports } from "@event-ingestor/platform/testing";
import { describe, expect, it } from "vitest";
import { renderPlaceholders } from "./render.js";

describe("render placeholders", () => {
  it("are what the platform hands the app, with placeholder names for what only a deployment knows", () => {
    expect(renderPlaceholders).toEqual({
      ingressFlavour: "gce",
      podLabels: {},
      serviceAccountAnnotations: {
        "iam.gke.io/gcp-service-account": "event-ingestor-app@project.iam.gserviceaccount.com",
      },
      repository: "region-docker.pkg.dev/project/event-ingestor/event-ingestor",
      kafka: {
        bootstrapServers: "bootstrap.cluster.region.managedkafka.project.cloud.goog:9092",
        saslMechanism: "oauthbearer-gcp",
        ports: [9092, 80, 988],
        env: { KAFKA_SSL: "true" },
      },
      metricsScrape: "gke-podmonitoring",
    });
  });

  it("import nothing but their own modules at run time, so `pnpm render` loads no Pulumi SDK", () => {
    for (const file of ["render.ts", "wiring.ts"]) {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      expect(foreignValueImports(source)).toEqual([]);
    }
  });
});
