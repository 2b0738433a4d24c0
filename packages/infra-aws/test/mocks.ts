// Pulumi mocks for this package's tests: platform's one recording mock class with the AWS provider fakes
// (src/testing.ts, shared with the stack's program tests), plus query helpers over what was recorded.
import { RecordingMocks, type RecordedResource, type ResourceFake } from "@event-ingestor/platform/testing";
import { AWS_FAKE, awsProviderFakes } from "../src/testing.ts";

export { promiseOf, type RecordedResource as Recorded } from "@event-ingestor/platform/testing";
export { oidcProviderArn } from "../src/testing.ts";
export const { oidcIssuer, privateSubnetIds } = AWS_FAKE;

/** Recording mocks with the AWS fakes; `extra` adds (or replaces) the outputs of some resource types. */
export function awsMocks(extra: Readonly<Record<string, ResourceFake>> = {}): RecordingMocks {
  const fakes = awsProviderFakes();
  return new RecordingMocks({ ...fakes.resources, ...extra }, fakes.invokes);
}

export function only(recorded: readonly RecordedResource[], type: string): RecordedResource {
  const matches = recorded.filter((r) => r.type === type);
  if (matches.length !== 1) throw new Error(`expected one ${type}, found ${String(matches.length)}`);
  const [match] = matches;
  if (match === undefined) throw new Error(`no ${type}`);
  return match;
}

/**
 * Every place (`<type> <name> <path>`) where a resource other than `except` passes one of `needles` as an input
 * value, at any depth (lists, nested objects, secrets). An IAM grant names the role it grants to by name, id or
 * ARN, whatever resource type carries it, so this finds grants of types a test did not think of.
 */
export function referencesTo(
  recorded: readonly RecordedResource[],
  needles: readonly string[],
  except: RecordedResource,
): string[] {
  const find = (value: unknown, at: string): string[] => {
    if (typeof value === "string") return needles.includes(value) ? [at] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => find(v, `${at}[${String(i)}]`));
    if (typeof value === "object" && value !== null) {
      return Object.entries(value).flatMap(([k, v]) => find(v, `${at}.${k}`));
    }
    return [];
  };
  return recorded
    .filter((r) => r !== except)
    .flatMap((r) => find(r.inputs, "$").map((at) => `${r.type} ${r.name} ${at}`));
}
