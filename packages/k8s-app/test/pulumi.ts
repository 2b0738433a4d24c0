// Pulumi mock helpers shared by the component tests. Each test file calls `pulumi.runtime.setMocks` with
// `recordingMocks(...)` itself, then imports the component dynamically (so the SDK registers against the mock).
import * as pulumi from "@pulumi/pulumi";
import { isRecord } from "../src/validate/checks.js";

/** One resource as the mock monitor received it. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly provider: string | undefined;
}

/**
 * Mocks that record every registration into `registered`. Each resource's state echoes its inputs, with
 * `state(type)` merged over them (e.g. an Ingress status); in a preview, what a state leaves out is unknown.
 */
export function recordingMocks(
  registered: Registered[],
  state: (type: string) => Record<string, unknown> = () => ({}),
): pulumi.runtime.Mocks {
  return {
    newResource: (args) => {
      const inputs: unknown = args.inputs;
      const props = isRecord(inputs) ? inputs : {};
      registered.push({ type: args.type, name: args.name, inputs: props, provider: args.provider });
      return { id: `${args.name}-id`, state: { ...props, ...state(args.type) } };
    },
    call: () => ({}),
  };
}

/** Replaces serialized Pulumi secrets with their values. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isRecord(value)) return value;
  if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(value["value"]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

export const promiseOf = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => {
    output.apply(resolve);
  });

/** Reads a nested field of registered inputs (`undefined` when the path is missing). */
export const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (v, key) => (Array.isArray(v) ? (v as unknown[])[Number(key)] : isRecord(v) ? v[String(key)] : undefined),
    value,
  );
