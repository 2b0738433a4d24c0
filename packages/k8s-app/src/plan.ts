import { buildBackendConfig } from "./builders/backendConfig.js";
import { buildConfigMap, buildSchemasConfigMap } from "./builders/configMap.js";
import { buildDeployment } from "./builders/deployment.js";
import { buildHpa } from "./builders/hpa.js";
import { buildIngress } from "./builders/ingress.js";
import { buildNamespace } from "./builders/namespace.js";
import { buildNetworkPolicy, buildTopicsNetworkPolicy } from "./builders/networkPolicy.js";
import { buildPdb } from "./builders/pdb.js";
import { buildPrerequisites } from "./builders/prerequisites.js";
import { buildScrape } from "./builders/scrape.js";
import { buildSecret } from "./builders/secret.js";
import { buildService } from "./builders/service.js";
import { buildServiceAccount } from "./builders/serviceAccount.js";
import { buildTopicsJob, buildTopicsServiceAccount } from "./builders/topicsJob.js";
import { checksum } from "./labels.js";
import type { Settings } from "./settings.js";

/**
 * The values of the plan that may be Pulumi outputs in the component (`V`); `render` passes strings. Nothing
 * else is: every other field is a plain value, known in `pulumi preview` and readable by policies.
 */
export interface PlanValues<V> {
  /** Image reference, by digest. */
  readonly image: V;
  /** Config values by key (the keys are `Settings.configKeys`). */
  readonly config: Readonly<Record<string, V>>;
  /** Checksum of the config values for the pod templates. */
  readonly configChecksum: V;
  /** Secret values by key (the keys are `Settings.secretKeys`). */
  readonly secretValues: Readonly<Record<string, V>>;
  /** Checksum of the secret values for the pod template; read only when there is a Secret. */
  readonly secretChecksum: V;
  /** Workload identity annotations of the app's ServiceAccount. */
  readonly serviceAccountAnnotations: Readonly<Record<string, V>>;
  /** The caller's Ingress annotations (a certificate ARN may be an output). */
  readonly ingressAnnotations: Readonly<Record<string, V>>;
  /** Workload identity annotations of the topics Job's ServiceAccount. */
  readonly topicsServiceAccountAnnotations: Readonly<Record<string, V>>;
}

/**
 * One object of the plan. `id` is the suffix of its Pulumi resource name (`<component name>-<id>`): part of
 * the stack state, changing one makes Pulumi replace the object. `after` lists the ids it is applied after
 * (the namespace comes before everything); `waits` marks the objects that wait for the caller's `waitFor`.
 */
interface Entry<O> {
  readonly id: string;
  readonly object: O;
  readonly after: readonly string[];
  readonly waits: boolean;
}

const entry = <O>(id: string, object: O | undefined, after: readonly string[] = [], waits = false) =>
  object === undefined ? [] : [{ id, object, after, waits } satisfies Entry<O>];

/** Objects of the Kubernetes API itself: the component creates each through its typed Pulumi class. */
function builtIn<V>(s: Settings, values: PlanValues<V>) {
  const hasSecret = s.secretKeys.length > 0;
  const topicsJob = buildTopicsJob(s, { image: values.image, configChecksum: values.configChecksum });
  const deployment = buildDeployment(s, {
    image: values.image,
    configChecksum: values.configChecksum,
    secretChecksum: hasSecret ? values.secretChecksum : undefined,
    schemasChecksum: s.schemas?.files === undefined ? undefined : checksum(s.schemas.files),
  });
  return {
    namespace: s.createNamespace ? buildNamespace(s) : undefined,
    serviceAccount: buildServiceAccount(s, values.serviceAccountAnnotations),
    topicsServiceAccount: buildTopicsServiceAccount(s, values.topicsServiceAccountAnnotations),
    configMap: buildConfigMap(s, values.config),
    schemas: buildSchemasConfigMap(s),
    secret: hasSecret ? buildSecret(s, values.secretValues) : undefined,
    service: buildService(s),
    topicsNetworkPolicy: buildTopicsNetworkPolicy(s),
    topicsJob,
    deployment,
    hpa: buildHpa(s),
    pdb: buildPdb(s),
    networkPolicy: buildNetworkPolicy(s),
    ingress: buildIngress(s, values.ingressAnnotations),
  };
}

/**
 * The one list of objects both `render` and the component create, in apply order (namespace first, objects
 * that reference others after them). Pure: no Pulumi engine, no cluster. Custom resources (CRDs the cluster
 * or its cloud provides) are flagged `custom`: the component creates them as `CustomResource`s.
 */
export function planObjects<V>(s: Settings, values: PlanValues<V>) {
  const o = builtIn(s, values);
  const prerequisites = buildPrerequisites(s).map((object) => ({
    id: `${object.kind.toLowerCase()}-${object.metadata.name}`,
    object,
  }));
  const scrape = buildScrape(s);
  const core = [
    ...entry("ns", o.namespace),
    ...entry("sa", o.serviceAccount),
    ...entry("topics-sa", o.topicsServiceAccount),
    ...entry("config", o.configMap),
    ...entry("schemas", o.schemas),
    ...entry("secrets", o.secret),
    ...entry("service", o.service, ["backendconfig"]),
    ...entry("topics-netpol", o.topicsNetworkPolicy),
    ...entry("topics", o.topicsJob, ["topics-sa", "config", "schemas", "secrets", "topics-netpol"], true),
    ...entry("deployment", o.deployment, ["sa", "config", "schemas", "secrets", "topics"], true),
    ...entry("hpa", o.hpa, ["deployment"]),
    ...entry("pdb", o.pdb),
    ...entry("netpol", o.networkPolicy),
    ...entry("ingress", o.ingress, ["service", ...prerequisites.map((p) => p.id)]),
  ].map((e) => ({ ...e, custom: false as const }));
  const custom = [
    ...entry("backendconfig", buildBackendConfig(s)),
    ...prerequisites.flatMap((p) => entry(p.id, p.object)),
    ...entry(scrape?.kind.toLowerCase() ?? "scrape", scrape, ["service"]),
  ].map((e) => ({ ...e, custom: true as const }));
  // A custom resource a built-in object names (BackendConfig, the Ingress prerequisites) moves just before it.
  return order([...core, ...custom]);
}

/** Entries sorted so each comes after what it names; stable otherwise. */
function order<E extends Entry<unknown>>(entries: readonly E[]): E[] {
  const ids = new Set(entries.map((e) => e.id));
  const done = new Set<string>();
  const sorted: E[] = [];
  const visit = (e: E) => {
    if (done.has(e.id)) return;
    done.add(e.id);
    for (const id of e.after) {
      const dep = entries.find((x) => x.id === id);
      if (dep !== undefined && ids.has(id)) visit(dep);
    }
    sorted.push(e);
  };
  entries.forEach(visit);
  return sorted;
}

/** One planned object, as the component receives it. */
export type PlannedEntry<V> = ReturnType<typeof planObjects<V>>[number];
