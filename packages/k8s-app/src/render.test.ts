import { execFileSync, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { buildObjects } from "./build.js";
import { isRecord } from "@event-ingestor/platform";
import { runRender } from "./cli.js";
import { DEFAULT_SPEC, FULL_SPEC } from "../test/fixtures.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));

function render(argv: string[], files: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const code = runRender(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
  });
  return { code, stdout, stderr };
}

const documents = (yaml: string): unknown[] => parseAllDocuments(yaml).map((d) => d.toJS() as unknown);

describe("render (in-process)", () => {
  it("prints the objects of the default arguments as multi-document YAML", () => {
    const { code, stdout, stderr } = render([]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(documents(stdout)).toEqual(JSON.parse(JSON.stringify(buildObjects(DEFAULT_SPEC))));
  });

  it("prints the objects of an args file", () => {
    const file =
      "image: reg.example.com/i@sha256:" +
      "b".repeat(64) +
      "\nnamespace: x\nconfig: { KAFKA_BROKERS: 'k:9092' }\n";
    const { code, stdout } = render(["args.yaml"], { "args.yaml": file });
    expect(code).toBe(0);
    const kinds = documents(stdout).map((d) => (isRecord(d) ? d["kind"] : undefined));
    expect(kinds).toEqual([
      "Namespace",
      "ServiceAccount",
      "ConfigMap",
      "Service",
      "Deployment",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
    ]);
  });

  it("exits 1 listing every problem when the arguments are invalid, printing no YAML", () => {
    const { code, stdout, stderr } = render(["a.yaml"], {
      "a.yaml": "image: app:1.0\nnamespace: x\nrunAsUser: 0\n",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/IMAGE_NOT_PINNED/);
    expect(stderr).toMatch(/RUN_AS_ROOT/);
    expect(stderr).toMatch(/MISSING_KAFKA_BROKERS/);
  });

  it("exits 1 on unknown or mistyped top-level arguments (typos do not pass silently)", () => {
    const { code, stderr } = render(["a.yaml"], {
      "a.yaml": "image: x\nnamespace: x\nreplica: 3\nconfig: []\n",
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/replica: unknown argument/);
    expect(stderr).toMatch(/config: expected object, got array/);
  });

  it("exits 2 on a usage error and 0 for --help", () => {
    expect(render(["a", "b"]).code).toBe(2);
    expect(render(["--bogus"]).code).toBe(2);
    const help = render(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage/);
  });
});

describe("render (the built CLI)", () => {
  beforeAll(() => {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: PACKAGE_DIR });
  });

  it("node dist/render.js examples/full.yaml prints the full example's objects and exits 0", () => {
    const run = spawnSync(process.execPath, ["dist/render.js", "examples/full.yaml"], {
      cwd: PACKAGE_DIR,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(documents(run.stdout)).toEqual(JSON.parse(JSON.stringify(buildObjects(FULL_SPEC))));
  });

  it("node dist/render.js exits 1 with the problems on stderr for a missing file", () => {
    const run = spawnSync(process.execPath, ["dist/render.js", "missing.yaml"], {
      cwd: PACKAGE_DIR,
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/missing\.yaml/);
  });
});
