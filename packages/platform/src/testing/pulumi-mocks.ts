// Pulumi mock runtime for unit tests: records every resource and invoke so tests can assert the arguments the
// program sent to the provider, and lets each test file add the outputs a real provider would compute.
import * as pulumi from "@pulumi/pulumi";
import { isRecord } from "../config-fields.js";

export type Props = Record<string, unknown>;

/** Outputs a provider computes for one resource type (ids, emails, endpoints), from its name and inputs. */
export type ResourceFake = (resource: { readonly name: string; readonly inputs: Props }) => Props;
/** The result of one data-source invoke. */
export type InvokeFake = (inputs: Props) => Props;

/** One cloud's fakes, shared by that cloud's package tests and the stack's program tests. */
export interface ProviderFakes {
  readonly resources: Readonly<Record<string, ResourceFake>>;
  readonly invokes: Readonly<Record<string, InvokeFake>>;
}

export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Props;
  /** The provider reference (`urn::id`) the resource was registered with, when one was given. */
  readonly provider?: string | undefined;
}

export interface RecordedCall {
  readonly token: string;
  readonly inputs: Props;
}

function props(value: unknown): Props {
  return isRecord(value) ? { ...value } : {};
}

export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: RecordedResource[] = [];
  readonly calls: RecordedCall[] = [];

  /**
   * @param computed outputs the provider would add for a resource (ids, emails, endpoints), by resource type
   * @param invokes results of data-source invokes, by token
   */
  constructor(
    private readonly computed: Readonly<Record<string, (resource: RecordedResource) => Props>> = {},
    private readonly invokes: Readonly<Record<string, (inputs: Props) => Props>> = {},
  ) {}

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Props } {
    const resource: RecordedResource = {
      type: args.type,
      name: args.name,
      inputs: props(args.inputs),
      provider: args.provider,
    };
    this.resources.push(resource);
    const extra = this.computed[args.type]?.(resource) ?? {};
    return { id: `${args.name}-id`, state: { name: args.name, ...resource.inputs, ...extra } };
  }

  call(args: pulumi.runtime.MockCallArgs): Props {
    const inputs = props(args.inputs);
    this.calls.push({ token: args.token, inputs });
    const result = this.invokes[args.token];
    if (result === undefined) throw new Error(`unexpected invoke ${args.token}`);
    return result(inputs);
  }

  /** All recorded resources of one type, e.g. `gcp:container/cluster:Cluster`. */
  ofType(type: string): RecordedResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** The one resource of `type` whose logical name is `name`; throws when missing, so tests fail clearly. */
  named(type: string, name: string): RecordedResource {
    const found = this.resources.find((r) => r.type === type && r.name === name);
    if (found === undefined) throw new Error(`no ${type} named ${name}`);
    return found;
  }
}

/** Resolves an Output's value (secrets included) in the mock runtime. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => {
    output.apply((value) => {
      resolve(value);
      return value;
    });
  });
}

/** Replaces serialized Pulumi secrets (as the mock monitor receives them) with their values. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isRecord(value)) return value;
  if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(value["value"]);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
}

/** Each resource as `<type>::<name>` (its own type, without the parent's), e.g. what a Deployment waits for. */
export async function typesAndNames(resources: readonly pulumi.Resource[]): Promise<string[]> {
  const urns = await Promise.all(resources.map((r) => promiseOf(r.urn)));
  // `...::<parent type>$<type>::<name>`: the resource's own type and name.
  return urns.map((urn) => {
    const [type = "", name = ""] = urn.split("::").slice(-2);
    return `${type.split("$").pop() ?? type}::${name}`;
  });
}

/**
 * The modules a TypeScript source file imports as values (type-only imports are erased), other than its own
 * package's (`./...`): a plain-data module (a cloud's `./render`) must list none, so it loads no SDK.
 */
export function foreignValueImports(source: string): string[] {
  return [...source.matchAll(/^import (type )?[^;]*?from "([^"]+)";/gm)]
    .filter((m) => m[1] === undefined && !(m[2] ?? "").startsWith("./"))
    .map((m) => m[2] ?? "");
}
