#!/usr/bin/env node
// `render [args.yaml]`: print the objects the component would create, as multi-document YAML, like
// `helm template`. No cluster, no Pulumi CLI: the same pure builders the component uses.
import { readFileSync } from "node:fs";
import { buildObjects } from "./build.js";
import { IngestorArgsError } from "./errors.js";
import { DEFAULT_RENDER_SPEC, parseSpec } from "./spec-file.js";
import { toYaml } from "./yaml.js";

function main(argv: readonly string[]): number {
  if (argv.length > 1 || argv[0] === "--help" || argv[0] === "-h") {
    process.stderr.write("usage: render [args.yaml]   (no file: the default arguments)\n");
    return argv[0]?.startsWith("-") === true ? 0 : 2;
  }
  try {
    const file = argv[0];
    const spec = file === undefined ? DEFAULT_RENDER_SPEC : parseSpec(readFileSync(file, "utf8"));
    process.stdout.write(toYaml(buildObjects(spec)));
    return 0;
  } catch (err) {
    const message = err instanceof IngestorArgsError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`render: ${message}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
