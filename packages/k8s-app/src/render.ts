#!/usr/bin/env node
// Entry point of `pnpm --filter @event-ingestor/k8s-app render [args.yaml]`: like `helm template`, no
// cluster and no Pulumi CLI, only the pure builders the component uses.
import { readFileSync } from "node:fs";
import { runRender } from "./cli.js";

process.exitCode = runRender(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => readFileSync(path, "utf8"),
});
