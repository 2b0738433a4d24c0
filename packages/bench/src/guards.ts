// Type guards for values read from outside the process (IPC messages, profile files). The bench does not
// depend on @event-ingestor/platform (Pulumi), whose isRecord this one matches: a non-null object, not an array.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
