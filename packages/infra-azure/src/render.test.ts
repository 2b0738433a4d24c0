import { readFileSync } from "node:fs";
import { foreignValueImports } from "@event-ingestor/platform/testing";
import { describe, expect, it } from "vitest";
import { renderPlaceholders } from "./render.js";

describe("render placeholders", () => {
  it("are what the platform hands the app, with placeholder names for what only a deployment knows", () => {
    expect(renderPlaceholders).toEqual({
      ingressFlavour: "azure-approuting",
      podLabels: { "azure.workload.identity/use": "true" },
      serviceAccountAnnotations: {
        "azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000000",
      },
      repository: "registry.azurecr.io/event-ingestor",
      kafka: {
        bootstrapServers: "namespace.servicebus.windows.net:9093",
        saslMechanism: "oauthbearer-azure",
        ports: [9093, 443],
        env: {
          KAFKA_SSL: "true",
          KAFKA_BATCH_MAX_BYTES: "921600",
          KAFKA_METADATA_MAX_AGE_MS: "60000",
          KAFKA_REQUEST_TIMEOUT_MS: "10000",
          KAFKA_MIN_ISR_REQUIRED: "1",
        },
      },
      metricsScrape: "azure-monitor",
    });
  });

  it("import nothing but their own modules at run time, so `pnpm render` loads no Pulumi SDK", () => {
    for (const file of ["render.ts", "wiring.ts"]) {
      const source = readFileSync(new URL(file, import.meta.url), "utf8");
      expect(foreignValueImports(source)).toEqual([]);
    }
  });
});
