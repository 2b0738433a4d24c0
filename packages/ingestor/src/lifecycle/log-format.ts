import { Writable } from "node:stream";

const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
/** Fields every line has, shown in the line's head rather than as key=value. */
const HEAD = new Set(["level", "time", "msg", "service", "pid", "hostname"]);

/** Whether to write JSON (log pipelines) or one readable line per entry (a developer's terminal). */
export function wantsPretty(format: "auto" | "json" | "pretty", stdoutIsTty: boolean): boolean {
  return format === "pretty" || (format === "auto" && stdoutIsTty);
}

/** One pino JSON line as `HH:MM:SS.mmm LEVEL message key=value ...`; a line that is not JSON passes unchanged. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const time = typeof entry["time"] === "string" ? entry["time"].slice(11, 23) : "";
  const level = LEVELS[Number(entry["level"])] ?? String(entry["level"]);
  const fields = Object.entries(entry)
    .filter(([k]) => !HEAD.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  const msg = typeof entry["msg"] === "string" ? entry["msg"] : "";
  return [time, level.padEnd(5), msg, ...fields].join(" ").trim();
}

/** A destination for pino that writes each entry as a pretty line to `out`. */
export function prettyDestination(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = chunk
        .toString("utf8")
        .split("\n")
        .filter((l) => l !== "");
      out.write(lines.map((l) => `${prettyLine(l)}\n`).join(""));
      done();
    },
  });
}
