import type { IngressPrerequisite } from "../args.js";
import { commonLabels, type ObjectMeta } from "../labels.js";
import type { Settings } from "../settings.js";

/** A cloud custom resource the Ingress needs, in the app's namespace with the app's labels. */
export interface PrerequisiteObject extends Omit<IngressPrerequisite, "metadata"> {
  readonly metadata: ObjectMeta;
}

/** The Ingress prerequisites as the component applies them (before the Ingress). */
export function buildPrerequisites(s: Settings): PrerequisiteObject[] {
  return s.ingressPrerequisites.map((o) => {
    const { name, labels, annotations } = o.metadata;
    const metadata: ObjectMeta = { name, namespace: s.namespace, labels: { ...commonLabels(s), ...labels } };
    if (annotations !== undefined && Object.keys(annotations).length > 0)
      metadata.annotations = { ...annotations };
    return { ...o, metadata };
  });
}
