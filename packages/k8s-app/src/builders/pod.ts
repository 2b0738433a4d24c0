// What every pod of the app shares (the Deployment's and the topics Job's): identity, security contexts, the
// ConfigMap as environment, the Secret and the schemas as read-only files, a writable /tmp.
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import { DEFAULTS } from "../args.js";
import { names, type Settings } from "../settings.js";

/** Pod Security `restricted`, and a read-only root filesystem: the container writes only to /tmp. */
export function containerSecurityContext(s: Settings) {
  return {
    runAsNonRoot: true,
    runAsUser: s.runAsUser,
    runAsGroup: s.runAsUser,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  } satisfies IContainer["securityContext"];
}

/** Environment, mounts and resources of any container of the app (the caller adds name, image, ports). */
export function containerBase(s: Settings) {
  const env = [
    // KAFKA_SSL_CA is a PEM bundle; its _FILE twin is the KAFKA_SSL_CA_FILE the ingestor already reads.
    ...s.secretKeys.map((key) => ({ name: `${key}_FILE`, value: `${DEFAULTS.secretMountPath}/${key}` })),
    ...(s.schemas === undefined
      ? []
      : [
          { name: "SCHEMA_DIR", value: DEFAULTS.schemaMountPath },
          { name: "SCHEMA_MODE", value: s.schemas.mode },
        ]),
  ];
  const volumeMounts = [
    { name: "tmp", mountPath: "/tmp" },
    ...(s.secretKeys.length > 0
      ? [{ name: "secrets", mountPath: DEFAULTS.secretMountPath, readOnly: true }]
      : []),
    ...(s.schemas === undefined
      ? []
      : [{ name: "schemas", mountPath: DEFAULTS.schemaMountPath, readOnly: true }]),
  ];
  return {
    imagePullPolicy: "IfNotPresent",
    env,
    envFrom: [{ configMapRef: { name: names(s).configMap } }],
    resources: { requests: { ...s.resources.requests }, limits: { ...s.resources.limits } },
    securityContext: containerSecurityContext(s),
    volumeMounts,
    terminationMessagePolicy: "FallbackToLogsOnError",
  } satisfies Omit<IContainer, "name" | "image">;
}

/** The pod spec fields every pod of the app sets, running as `serviceAccountName`. */
export function podBase(s: Settings, serviceAccountName: string) {
  const volumes = [
    { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
    ...(s.secretKeys.length > 0
      ? [{ name: "secrets", secret: { secretName: names(s).secret, defaultMode: 0o440 } }]
      : []),
    ...(s.schemas === undefined
      ? []
      : [{ name: "schemas", configMap: { name: s.schemas.configMapName, defaultMode: 0o444 } }]),
  ] satisfies IVolume[];
  return {
    serviceAccountName,
    automountServiceAccountToken: s.automountServiceAccountToken,
    // Service links would inject e.g. KAFKA_PORT for a Service named `kafka`, clashing with real settings.
    enableServiceLinks: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: s.runAsUser,
      runAsGroup: s.runAsUser,
      fsGroup: s.runAsUser,
      fsGroupChangePolicy: "OnRootMismatch",
      seccompProfile: { type: "RuntimeDefault" },
    },
    nodeSelector: { ...s.nodeSelector },
    volumes,
  } satisfies Omit<IPodSpec, "containers">;
}
