import { stringify } from "yaml";

/** Multi-document YAML, one document per object, as `kubectl apply -f` and GitOps tools read it. */
export function toYaml(objects: readonly object[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0, sortMapEntries: false })}`).join("");
}
