import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildObjects } from "./build.js";
import { toYaml } from "./yaml.js";
import { DEFAULT_SPEC } from "../test/fixtures.js";

const DOC = new URL("../../../docs/k8s-app.md", import.meta.url);

describe("docs/k8s-app.md", () => {
  it("shows exactly what render prints for the default arguments", () => {
    const block = /<!-- render:default:start -->\s*```yaml\n([\s\S]*?)```\s*<!-- render:default:end -->/.exec(
      readFileSync(DOC, "utf8"),
    );
    expect(block?.[1]).toBe(toYaml(buildObjects(DEFAULT_SPEC)));
  });
});
