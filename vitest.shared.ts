import { defineConfig } from "vitest/config";

/** Unit tests: co-located `*.test.ts`, no network, no broker. */
export function unitTestConfig(): ReturnType<typeof defineConfig> {
  return defineConfig({
    test: {
      include: ["src/**/*.test.ts", "test/unit/**/*.test.ts"],
      environment: "node",
      testTimeout: 20_000,
      // Pulumi mocks and dynamic imports of provider SDKs are slow to load on 2 cores.
      hookTimeout: 60_000,
    },
  });
}
