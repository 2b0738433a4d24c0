/**
 * kafkajs 2.2.4 arms a timer with `throttledUntil - Date.now()` while `throttledUntil` is still -1: Node 24 warns
 * (TimeoutNegativeWarning) and runs it after 1 ms, which is what kafkajs meant. The warning is noise on stderr —
 * a non-JSON line in the service's log stream — so it is dropped; every other warning still reaches `report`.
 */
export function dropKafkajsTimerWarning(report: (warning: Error) => void): void {
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name !== "TimeoutNegativeWarning") report(warning);
  });
}
