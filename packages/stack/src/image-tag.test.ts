import { describe, expect, it } from "vitest";
import { ImageTagError, resolveImageTag, type Git } from "./image-tag.js";

/** A fake git over a fixed commit, working-tree status, diff and untracked files. */
function fakeGit(tree: {
  commit?: string;
  status?: string;
  diff?: string;
  untracked?: Record<string, string>;
}): Git {
  return (args) => {
    const [command] = args;
    if (command === "rev-parse") {
      if (tree.commit === undefined) throw new Error("fatal: not a git repository");
      return Buffer.from(`${tree.commit}\n`);
    }
    if (command === "status") return Buffer.from(tree.status ?? "");
    if (command === "diff") return Buffer.from(tree.diff ?? "");
    if (command === "ls-files") return Buffer.from(Object.keys(tree.untracked ?? {}).join("\0"));
    if (command === "hash-object") return Buffer.from(tree.untracked?.[args[2] ?? ""] ?? "");
    throw new Error(`unexpected git ${args.join(" ")}`);
  };
}

describe("resolveImageTag", () => {
  it("prefers the configured tag", () => {
    expect(resolveImageTag("release-42", fakeGit({}))).toBe("release-42");
  });

  it("tags a clean tree with its commit", () => {
    expect(resolveImageTag(undefined, fakeGit({ commit: "0123456789ab" }))).toBe("git-0123456789ab");
  });

  it("gives the same uncommitted state the same tag, and a different one a new tag", () => {
    const dirty = { commit: "0123456789ab", status: " M src/a.ts\n", diff: "diff --git a/src/a.ts" };
    const first = resolveImageTag(undefined, fakeGit(dirty));
    expect(first).toMatch(/^git-0123456789ab-dirty-[0-9a-f]{12}$/);
    expect(resolveImageTag(undefined, fakeGit(dirty))).toBe(first);
    expect(resolveImageTag(undefined, fakeGit({ ...dirty, diff: "diff --git a/src/b.ts" }))).not.toBe(first);
    expect(resolveImageTag(undefined, fakeGit({ ...dirty, untracked: { "new.ts": "hash-1" } }))).not.toBe(
      first,
    );
  });

  it("asks for event-ingestor:imageTag outside a git checkout", () => {
    expect(() => resolveImageTag(undefined, fakeGit({}))).toThrow(ImageTagError);
    expect(() => resolveImageTag(undefined, fakeGit({}))).toThrow(/set event-ingestor:imageTag/);
  });
});
