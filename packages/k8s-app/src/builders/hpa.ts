import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { objectMeta } from "../labels.js";
import { names, type Settings } from "../settings.js";

/** CPU-based HPA (autoscaling/v2), or undefined when autoscaling is off. */
export function buildHpa(s: Settings) {
  const a = s.autoscaling;
  if (a === undefined) return undefined;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: objectMeta(s, names(s).hpa),
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: names(s).deployment },
      minReplicas: a.minReplicas,
      maxReplicas: a.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: a.targetCPUUtilizationPercentage },
          },
        },
      ],
      // Shed one pod a minute at most: each one leaving drains its connections and in-flight batches.
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          policies: [{ type: "Pods", value: 1, periodSeconds: 60 }],
        },
      },
    },
  } satisfies IHorizontalPodAutoscaler;
}
