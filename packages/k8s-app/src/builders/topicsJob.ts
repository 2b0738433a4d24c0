// The Job that creates the Kafka topics before the Deployment rolls out, for clouds without a topic resource
// (MSK Serverless): the app's image running the ingestor's create-topics script, with the app's settings.
import type { IContainer } from "kubernetes-models/v1/Container";
import { DEFAULTS } from "../args.js";
import { commonLabels, objectMeta, selectorLabels, type ObjectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";
import { containerBase, podBase } from "./pod.js";
import type { ServiceAccountObject } from "./serviceAccount.js";

/** The image's entrypoint is node; this is the script it runs instead of the server. */
export const CREATE_TOPICS_SCRIPT = "packages/ingestor/dist/create-topics.js";

/**
 * Labels the topics Job's pods are found by. Not the app's selector labels: the Service, the PDB and the app's
 * NetworkPolicy select those, and a running Job pod (no readiness probe, so Ready) would become an endpoint.
 */
export function topicsSelectorLabels(s: Settings): Record<string, string> {
  return { ...selectorLabels(s), "app.kubernetes.io/instance": names(s).topicsJob };
}

/** The Job's own ServiceAccount: its cloud identity may create topics, the app's may not. */
export function buildTopicsServiceAccount<V = string>(
  s: Settings,
  annotations: Readonly<Record<string, V>>,
): ServiceAccountObject<V> | undefined {
  if (!s.topicsJob) return undefined;
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: objectMeta(s, names(s).topicsServiceAccount, annotations),
    automountServiceAccountToken: false,
  };
}

/**
 * The topics Job, hardened like the Deployment's pods. Its pod template carries the config checksum, so new
 * topic settings (or a new image) replace the Job and the script runs again; it exits 0 when the topics exist.
 */
export function buildTopicsJob<V = string>(s: Settings, inputs: { image: V; configChecksum: V }) {
  if (!s.topicsJob) return undefined;
  const base = containerBase(s);
  const container = {
    name: "create-topics",
    image: inputs.image,
    ...({
      imagePullPolicy: base.imagePullPolicy,
      args: [CREATE_TOPICS_SCRIPT],
      env: base.env,
      envFrom: base.envFrom,
      resources: base.resources,
      securityContext: base.securityContext,
      volumeMounts: base.volumeMounts,
      terminationMessagePolicy: base.terminationMessagePolicy,
    } satisfies Omit<IContainer, "name" | "image">),
  };
  const metadata: ObjectMeta<V> = objectMeta<V>(s, names(s).topicsJob);
  return {
    apiVersion: "batch/v1" as const,
    kind: "Job" as const,
    metadata,
    spec: {
      backoffLimit: DEFAULTS.topicsJob.backoffLimit,
      activeDeadlineSeconds: DEFAULTS.topicsJob.activeDeadlineSeconds,
      // Gone an hour after it finished (its pod and logs until then). A `pulumi refresh` after that makes the
      // next `up` create it again, which is harmless: the script creates only missing topics.
      ttlSecondsAfterFinished: DEFAULTS.topicsJob.ttlSecondsAfterFinished,
      template: {
        metadata: {
          labels: {
            ...commonLabels(s),
            ...topicsSelectorLabels(s),
            "app.kubernetes.io/component": "create-topics",
          },
          annotations: { "checksum/config": inputs.configChecksum },
        },
        spec: {
          ...podBase(s, names(s).topicsServiceAccount),
          automountServiceAccountToken: false,
          restartPolicy: "Never" as const,
          containers: [container],
        },
      },
    },
  };
}

/** With `V = string` the Job must be a Kubernetes Job (checked by `buildObjects`' KubeObject type). */
export type TopicsJobObject<V = string> = NonNullable<ReturnType<typeof buildTopicsJob<V>>>;
