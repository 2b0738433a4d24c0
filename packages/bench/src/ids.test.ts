import { describe, expect, it } from "vitest";
import { httpCeilingId, httpFloorId, kClientId, scenarioId, selects, wantedBy } from "./ids.js";

describe("run ids", () => {
  it("name scenarios per client and ceilings per workload or client", () => {
    expect(scenarioId("S1", "kafkajs")).toBe("S1[kafkajs]");
    expect(scenarioId("S1@50%", "librdkafka")).toBe("S1@50%[librdkafka]");
    expect(httpCeilingId("H_node", "S4")).toBe("H_node(S4)");
    expect(kClientId("librdkafka")).toBe("K_client(librdkafka)");
    expect(httpFloorId("kafkajs")).toBe("H_node(S1)@50%[kafkajs]");
  });

  it("BENCH_ONLY selectors pick an exact id or every id that continues it", () => {
    expect(selects("S1", "S1[kafkajs]")).toBe(true);
    expect(selects("S1", "S1@50%[kafkajs]")).toBe(false);
    expect(selects("S1[librdkafka]", "S1[kafkajs]")).toBe(false);
    expect(selects("K_client", "K_client(librdkafka)")).toBe(true);
    expect(selects("K_java", "K_java")).toBe(true);
    expect(selects("K", "K_java")).toBe(false);
    expect(selects("H_node", "H_node(S1)")).toBe(true);
    expect(wantedBy([])("anything")).toBe(true);
    expect(wantedBy(["S2", "K_java"])("S2[kafkajs]")).toBe(true);
    expect(wantedBy(["S2", "K_java"])("S3[kafkajs]")).toBe(false);
  });
});
