// Runs the entry program under Pulumi mocks and records every registration, with the order in which
// registrations started and finished (the image "push" is slow on purpose, to catch anything not waiting).
import {
  RecordingMocks,
  type Props,
  type ProviderFakes,
  type ResourceFake,
} from "@event-ingestor/platform/testing";
import * as pulumi from "@pulumi/pulumi";

export type { Props } from "@event-ingestor/platform/testing";
export const DIGEST = `sha256:${"ab".repeat(32)}`;
export const KAFKA_PASSWORD = "kafka-pass-do-not-leak";
export const KAFKA_USERNAME = "kafka-user-do-not-leak";
export const API_KEYS = "api-key-do-not-leak";
export const INGRESS_HOSTNAME = "ingestor.lb.example.net";

/** One registration: its inputs, and sequence numbers for when it reached the mock and when it finished. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Props;
  readonly started: number;
  finished: number;
}

/** What every cloud's program registers the same way: the image push and the Ingress' load balancer. */
const common: Readonly<Record<string, ResourceFake>> = {
  "docker-build:index:Image": ({ inputs }) => {
    const tags = (inputs as { tags?: string[] }).tags ?? [];
    return { digest: DIGEST, ref: `${tags[0] ?? ""}@${DIGEST}` };
  },
  "kubernetes:networking.k8s.io/v1:Ingress": () => ({
    status: { loadBalancer: { ingress: [{ hostname: INGRESS_HOSTNAME }] } },
  }),
};

/**
 * platform's recording mocks with the cloud's fakes, plus when each registration started and finished, so tests
 * can check what waited for what.
 */
export class ProgramMocks implements pulumi.runtime.Mocks {
  readonly registrations: Registration[] = [];
  private readonly recorder: RecordingMocks;
  private seq = 0;

  /**
   * @param slow registrations of these types or names take this many milliseconds (the image push always does),
   * so a resource that does not wait for them registers first and the ordering checks catch it
   */
  constructor(
    resources: ProviderFakes["resources"],
    invokes: ProviderFakes["invokes"],
    private readonly slow: Readonly<Record<string, number>> = {},
  ) {
    this.recorder = new RecordingMocks({ ...common, ...resources }, invokes);
  }

  async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Props }> {
    const registration: Registration = {
      type: args.type,
      name: args.name,
      inputs: args.inputs as Props,
      started: ++this.seq,
      finished: 0,
    };
    this.registrations.push(registration);
    const delay =
      args.type === "docker-build:index:Image" ? 50 : (this.slow[args.type] ?? this.slow[args.name]);
    if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
    const result = this.recorder.newResource(args);
    registration.finished = ++this.seq;
    return result;
  }

  call(args: pulumi.runtime.MockCallArgs): Props {
    return this.recorder.call(args);
  }

  /** The registration of `type` named `name`; throws when missing. */
  named(type: string, name: string): Registration {
    const found = this.registrations.find((r) => r.type === type && r.name === name);
    if (found === undefined) throw new Error(`no ${type} named ${name}`);
    return found;
  }

  all(type: string): Registration[] {
    return this.registrations.filter((r) => r.type === type);
  }

  one(type: string): Registration {
    const [first, ...rest] = this.all(type);
    if (first === undefined || rest.length > 0) throw new Error(`expected exactly one ${type}`);
    return first;
  }
}

/** Stack config as `pulumi config set` would leave it; `secret` keys are passed as secrets. */
export function setStackConfig(plain: Record<string, unknown>, secret: Record<string, string>): void {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(plain)) {
    config[`event-ingestor:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(secret))
    config[key.includes(":") ? key : `event-ingestor:${key}`] = value;
  pulumi.runtime.setAllConfig(
    config,
    Object.keys(secret).map((k) => (k.includes(":") ? k : `event-ingestor:${k}`)),
  );
}

/** The external Kafka settings the shared program tests deploy with: SASL, so username and password are required. */
export const kafkaConfig = {
  mode: "external",
  bootstrapServers: "broker-1.kafka.acme-corp.net:9096,broker-2.kafka.acme-corp.net:9096",
  tls: true,
  saslMechanism: "scram-sha-512",
};
export const kafkaSecrets = {
  kafkaUsername: KAFKA_USERNAME,
  kafkaPassword: KAFKA_PASSWORD,
  apiKeys: API_KEYS,
};

export { promiseOf } from "@event-ingestor/platform/testing";

const isSecretWrapper = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  (value as Props)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig;

/** Paths where `needle` occurs in `value` outside a Pulumi secret. */
export function plainOccurrences(value: unknown, needle: string, at = "$"): string[] {
  if (isSecretWrapper(value)) return [];
  if (typeof value === "string") return value.includes(needle) ? [at] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => plainOccurrences(v, needle, `${at}[${String(i)}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => plainOccurrences(v, needle, `${at}.${k}`));
  }
  return [];
}

/** The value inside a Pulumi secret wrapper, or undefined when `value` is not one. */
export function secretValue(value: unknown): unknown {
  return isSecretWrapper(value) ? (value as Props)["value"] : undefined;
}

/** `value` with every secret wrapper replaced by what it holds (Pulumi lifts secretness to enclosing values). */
export function reveal(value: unknown): unknown {
  if (isSecretWrapper(value)) return reveal((value as Props)["value"]);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** Whether `needle` occurs in `value` and only inside secret wrappers. */
export function onlyInSecrets(value: unknown, needle: string): boolean {
  return JSON.stringify(reveal(value)).includes(needle) && plainOccurrences(value, needle).length === 0;
}
