import { describe, expect, it } from "vitest";
import { KubeconfigFormatError, usableKubeconfig } from "./kubeconfig.js";

describe("usableKubeconfig", () => {
  it("refuses to build an Entra kubeconfig when AKS's has no server or CA", () => {
    const broken = "apiVersion: v1\nclusters:\n- name: aks\n  cluster:\n    server: https://x\n";
    expect(() => usableKubeconfig(broken, "aks", true)).toThrow(KubeconfigFormatError);
  });

  it("names the context after the cluster so kubectl users can tell clusters apart", () => {
    const aks = "clusters:\n- cluster:\n    server: https://x:443\n    certificate-authority-data: Q0E=\n";
    const built: unknown = JSON.parse(usableKubeconfig(aks, "event-ingestor", true));
    expect(built).toMatchObject({
      "current-context": "event-ingestor",
      contexts: [{ name: "event-ingestor", context: { cluster: "event-ingestor", user: "event-ingestor" } }],
    });
  });
});
