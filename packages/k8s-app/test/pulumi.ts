// Pulumi set-up shared by the component tests: platform's recording mocks and `promiseOf` (one copy for every
// package), the component loaded after `setMocks` (so the SDK registers against the mock monitor), and a
// collector for runs that fail the way Pulumi's language host sees it.
import { isRecord } from "@event-ingestor/platform";
import { RecordingMocks, type Props, type RecordedResource } from "@event-ingestor/platform/testing";
import * as pulumi from "@pulumi/pulumi";
import { expect, vi } from "vitest";

export {
  promiseOf,
  unwrapSecrets,
  type RecordedResource as Registered,
} from "@event-ingestor/platform/testing";

export interface MockedRunOptions {
  /** A `pulumi preview` (outputs the mocks leave out are unknown) instead of an update. */
  readonly preview?: boolean;
  /** Outputs the provider would add, by resource type (e.g. an Ingress status). */
  readonly computed?: Readonly<Record<string, (resource: RecordedResource) => Props>>;
}

/** Installs recording mocks, then loads the component and the Kubernetes SDK against them. */
export async function mockedRun(options: MockedRunOptions = {}) {
  const preview = options.preview ?? false;
  const mocks = new RecordingMocks(options.computed);
  await pulumi.runtime.setMocks(mocks, "event-ingestor", preview ? "pr" : "test", preview);
  const { IngestorApp, INGESTOR_APP_TYPE } = await import("../src/component.js");
  const k8s = await import("@pulumi/kubernetes");
  return { registered: mocks.resources, IngestorApp, INGESTOR_APP_TYPE, k8s };
}

/**
 * Runs `create` and returns the distinct failures of the run. A failed registration is the program's failure,
 * so it is caught the way Pulumi's language host catches it: as an unhandled rejection. Returns once one has
 * arrived and every registration has either reached the mock or failed (the runtime is disconnected after).
 */
export async function failuresOf(create: () => void): Promise<unknown[]> {
  const failures: unknown[] = [];
  const collect = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", collect);
  try {
    create();
    await vi.waitFor(() => {
      expect(failures.length).toBeGreaterThan(0);
    });
    await pulumi.runtime.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the last rejections be reported
  } finally {
    process.off("unhandledRejection", collect);
  }
  return [...new Set(failures)];
}

/** Reads a nested field of registered inputs (`undefined` when the path is missing). */
export const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (Array.isArray(v) ? (v as unknown[])[Number(key)] : isRecord(v) ? v[String(key)] : undefined),
    value,
  );
