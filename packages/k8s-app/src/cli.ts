import { buildObjects } from "./build.js";
import { DEFAULT_RENDER_SPEC, parseSpec } from "./spec-file.js";
import { toYaml } from "./yaml.js";

/** What the render command touches, injected so tests run it in-process. */
export interface RenderIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readFile: (path: string) => string;
}

const USAGE = "usage: render [args.yaml]   (no file: the default arguments)\n";

/**
 * `render [args.yaml]`: writes the objects the component would create as multi-document YAML. Exit code 0
 * on success, 1 for invalid arguments (every problem on stderr), 2 for a usage error.
 */
export function runRender(argv: readonly string[], io: RenderIo): number {
  const [first] = argv;
  if (first === "--help" || first === "-h") {
    io.stdout(USAGE);
    return 0;
  }
  if (argv.length > 1 || first?.startsWith("-") === true) {
    io.stderr(USAGE);
    return 2;
  }
  try {
    const spec = first === undefined ? DEFAULT_RENDER_SPEC : parseSpec(io.readFile(first));
    io.stdout(toYaml(buildObjects(spec)));
    return 0;
  } catch (err) {
    io.stderr(`render: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
