import { describe, expect, it } from "vitest";
import { clusterAutoscalerImageTag } from "./autoscaler.js";
import { keepAutoscaledSize } from "./cluster.js";

describe("clusterAutoscalerImageTag", () => {
  it("runs the autoscaler release of the cluster's minor", () => {
    expect(clusterAutoscalerImageTag("1.35")).toBe("v1.35.0");
    expect(clusterAutoscalerImageTag("1.34.2")).toBe("v1.34.0");
    expect(() => clusterAutoscalerImageTag("latest")).toThrow(/not a Kubernetes version/);
  });
});

describe("keepAutoscaledSize", () => {
  it("makes the EKS node group inside ManagedNodeGroup ignore its desired size, and leaves the rest alone", async () => {
    const props = { scalingConfig: { desiredSize: 2 } };
    const result = await keepAutoscaledSize({
      custom: true,
      type: "aws:eks/nodeGroup:NodeGroup",
      name: "nodes",
      props,
      opts: { ignoreChanges: ["tags"] },
    });
    expect(result).toEqual({ props, opts: { ignoreChanges: ["tags", "scalingConfig.desiredSize"] } });
    expect(
      await keepAutoscaledSize({
        custom: true,
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "lt",
        props,
        opts: {},
      }),
    ).toBeUndefined();
  });
});
