import kafkajs, { type Admin } from "kafkajs";
import type { TopicInfo } from "./port.js";

const { ConfigResourceTypes } = kafkajs;

const CONFIGS = ["max.message.bytes", "min.insync.replicas"] as const;

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Partitions, replication and size limits of the topics that exist, read through kafkajs' admin client. */
export async function describeWithAdmin(
  admin: Admin,
  topics: readonly string[],
): Promise<ReadonlyMap<string, TopicInfo>> {
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const out = new Map<string, TopicInfo>();
  if (present.length === 0) return out;
  const [{ topics: meta }, configs] = await Promise.all([
    admin.fetchTopicMetadata({ topics: present }),
    admin
      .describeConfigs({
        includeSynonyms: false,
        resources: present.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: [...CONFIGS],
        })),
      })
      .catch(() => undefined),
  ]);
  for (const t of meta) {
    const entries = configs?.resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
    const config = (name: (typeof CONFIGS)[number]): number | undefined =>
      numberOf(entries.find((c) => c.configName === name)?.configValue);
    const maxMessageBytes = config("max.message.bytes");
    const minInsyncReplicas = config("min.insync.replicas");
    const replicas = t.partitions.map((p) => p.replicas.length);
    out.set(t.name, {
      partitions: t.partitions.length,
      ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
      ...(minInsyncReplicas === undefined ? {} : { minInsyncReplicas }),
      ...(replicas.length === 0 ? {} : { replicationFactor: Math.min(...replicas) }),
    });
  }
  return out;
}
