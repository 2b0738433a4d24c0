import { isInt, isLabelKey, isLabelValue } from "./checks.js";
import type { ArgsErrorCode, ArgsIssue } from "../errors.js";

/** Labels the Deployment selector relies on: overriding them would orphan the pods. */
const SELECTOR_LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/instance"];

/** Collects every argument problem so one run reports them all. */
export class Issues {
  readonly list: ArgsIssue[] = [];

  add(code: ArgsErrorCode, path: string, message: string): void {
    this.list.push({ code, path, message });
  }

  int(value: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
    if (!isInt(value) || value < min || value > max) {
      this.add("INVALID_NUMBER", path, `${JSON.stringify(value)} must be an integer in [${min}, ${max}]`);
    }
  }

  labels(record: Readonly<Record<string, unknown>>, path: string, allowSelector: boolean): void {
    for (const [key, value] of Object.entries(record)) {
      if (!isLabelKey(key) || !isLabelValue(value)) {
        this.add("INVALID_LABEL", `${path}.${key}`, `${key}=${JSON.stringify(value)} is not a valid label`);
      }
      if (!allowSelector && SELECTOR_LABELS.includes(key)) {
        this.add(
          "RESERVED_LABEL",
          `${path}.${key}`,
          `${key} is the Deployment selector; set appName instead`,
        );
      }
    }
  }

  annotations(record: Readonly<Record<string, unknown>>, path: string): void {
    for (const [key, value] of Object.entries(record)) {
      if (!isLabelKey(key) || typeof value !== "string") {
        this.add("INVALID_LABEL", `${path}.${key}`, `${key} is not a valid annotation (string values only)`);
      }
    }
  }
}
