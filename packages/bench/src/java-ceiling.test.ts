import { describe, expect, it } from "vitest";
import { kafkaLibDir, producerPerformanceArgs } from "./java-ceiling.js";

describe("K_java", () => {
  it("finds the jars where scripts/kafka.sh resolves them", () => {
    expect(kafkaLibDir({ HOME: "/home/u" }, "4.1.1")).toBe("/home/u/.cache/event-ingestor/kafka-4.1.1/lib");
    expect(kafkaLibDir({ HOME: "/home/u", XDG_CACHE_HOME: "/c" }, "4.1.1")).toBe(
      "/c/event-ingestor/kafka-4.1.1/lib",
    );
    expect(kafkaLibDir({ EI_KAFKA_CACHE: "/x" }, "4.1.1")).toBe("/x/kafka-4.1.1/lib");
  });

  it("runs ProducerPerformance with the scenarios' record size, acks=all and linger 5 ms, unthrottled", () => {
    const args = producerPerformanceArgs({
      recordBytes: 437,
      lingerMs: 5,
      batchBytes: 921_600,
      lib: "/lib",
      log4j: "/l.properties",
      topic: "bench.t.k-java",
      bootstrap: "127.0.0.1:19092",
    });
    const main = args.indexOf("org.apache.kafka.tools.ProducerPerformance");
    expect(args.slice(main - 2, main)).toEqual(["-cp", "/lib/*"]);
    const tool = args.slice(main + 1);
    const value = (flag: string) => tool[tool.indexOf(flag) + 1];
    expect(value("--topic")).toBe("bench.t.k-java");
    expect(value("--record-size")).toBe("437");
    expect(value("--throughput")).toBe("-1");
    expect(tool).toEqual(
      expect.arrayContaining([
        "bootstrap.servers=127.0.0.1:19092",
        "acks=all",
        "linger.ms=5",
        "batch.size=921600",
      ]),
    );
  });
});
