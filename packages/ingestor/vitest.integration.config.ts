import { defineConfig } from "vitest/config";

/** Integration tests: a real Kafka broker (started by the global setup) and real ports. */
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/integration/global-setup.ts"],
    // Some tests stop and restart the shared broker, or change its topics: files must not overlap.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
