// The platform contract and the ingestor's settings contract name the same things; this package uses both.
import { CLOUD_MECHANISMS, PASSWORD_MECHANISMS } from "@event-ingestor/ingestor/settings";
import { MANAGED_KAFKA_MECHANISMS } from "@event-ingestor/platform";
import { describe, expect, it } from "vitest";
import { DEFAULT_PARTITIONS, MAX_PARTITIONS, SASL_MECHANISMS } from "./kafka-settings.js";

describe("the contracts agree", () => {
  it("every managed Kafka's mechanism is one the ingestor implements with a workload identity, and no other", () => {
    expect([...MANAGED_KAFKA_MECHANISMS]).toEqual([...CLOUD_MECHANISMS]);
  });

  it("an external Kafka takes exactly the ingestor's password mechanisms", () => {
    expect([...SASL_MECHANISMS]).toEqual([...PASSWORD_MECHANISMS]);
  });

  it("the ingestor's default partition count (the stack's default) is within the stack's portable bound", () => {
    expect(DEFAULT_PARTITIONS).toBeLessThanOrEqual(MAX_PARTITIONS);
  });
});
