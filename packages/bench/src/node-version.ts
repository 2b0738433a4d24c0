// The Node the bench must run on.

/**
 * The bench measures the runtime the project pins (.node-version): the ingestor and the ceilings run on the
 * Node that runs the bench, and the librdkafka binding is built for the pinned one.
 */
export function nodeMismatch(pinned: string, running: string): string | undefined {
  const major = (v: string) => Number(v.trim().replace(/^v/, "").split(".")[0]);
  return major(running) < major(pinned)
    ? `the bench runs on Node ${running}, the project pins ${pinned.trim()} (.node-version): run it with the pinned Node (make bench, or put ~/.cache/event-ingestor/node-${pinned.trim()}/bin first on PATH)`
    : undefined;
}
