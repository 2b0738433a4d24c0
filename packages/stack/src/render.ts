// CLI: `node dist/render.js --stack aws|gcp|azure` prints the stack's Kubernetes YAML. No cloud access.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { buildObjects, toYaml } from "@event-ingestor/k8s-app";
import { repoRoot } from "./paths.js";
import { renderSpec } from "./render-spec.js";

function main(): number {
  const { values } = parseArgs({
    // --tls: the stack with app.tls on (a sample host and certificate settings where unset), as checkov scans it.
    options: { stack: { type: "string", short: "s" }, tls: { type: "boolean" } },
    allowPositionals: false,
  });
  const stack = values.stack;
  if (stack === undefined || !/^[\w.-]+$/.test(stack)) {
    process.stderr.write("usage: pnpm render --stack aws|gcp|azure [--tls]\n");
    return 2;
  }
  const file = path.join(repoRoot, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    const stacks = readdirSync(repoRoot).flatMap((f) => /^Pulumi\.([\w.-]+)\.yaml$/.exec(f)?.slice(1) ?? []);
    process.stderr.write(`no stack file ${path.basename(file)}; stacks: ${stacks.join(", ")}\n`);
    return 2;
  }
  const rendered = renderSpec(stack, readFileSync(file, "utf8"), { tls: values.tls === true });
  for (const warning of rendered.warnings) process.stderr.write(`warning: ${warning}\n`);
  for (const problem of rendered.deployProblems) {
    process.stderr.write(`before \`pulumi up --stack ${stack}\`: ${problem}\n`);
  }
  process.stdout.write(`# ${path.basename(file)}: image digest and cloud identity are placeholders\n`);
  process.stdout.write(toYaml(buildObjects(rendered.spec)));
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
