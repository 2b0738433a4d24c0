// A stack whose ingress is public and that sets no API keys is refused before anything is created.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  KAFKA_PASSWORD,
  KAFKA_USERNAME,
  kafkaConfig,
  ProgramMocks,
  setStackConfig,
} from "../test/program.ts";

describe("a stack without apiKeys", () => {
  it("fails preview and up with the key to set (or app.allowAnonymous), creating nothing", async () => {
    const mocks = new ProgramMocks({}, {});
    await pulumi.runtime.setMocks(mocks, "event-ingestor", "aws", false);
    setStackConfig(
      { kafka: kafkaConfig, imageTag: "test-tag" },
      { kafkaUsername: KAFKA_USERNAME, kafkaPassword: KAFKA_PASSWORD },
    );
    await expect(import("./index.ts")).rejects.toThrow(
      /event-ingestor:apiKeys is not set and the ingress is public[\s\S]*app\.allowAnonymous/,
    );
    expect(mocks.registrations).toEqual([]);
  });
});
