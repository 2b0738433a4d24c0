// The tag the image is pushed under. Registries here keep tags immutable (ECR IMMUTABLE, and a tag that
// moves would hide what runs), so a tag must name one build: the commit, plus a hash of uncommitted changes.
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";

/** Runs git with these arguments in the repository and returns stdout (throws when git fails). */
export type Git = (args: readonly string[]) => Buffer;

/** No tag was configured and none can be derived (not a git checkout). */
export class ImageTagError extends Error {
  override readonly name = "ImageTagError";
}

export function gitIn(cwd: string): Git {
  return (args) =>
    execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
}

/**
 * `git-<commit>` for a clean tree; `git-<commit>-dirty-<hash>` otherwise, where the hash covers the diff
 * against HEAD and the untracked files, so the same uncommitted state gives the same tag (no rebuild) and
 * any change gives a new one. A configured tag wins.
 */
export function resolveImageTag(configured: string | undefined, git: Git): string {
  if (configured !== undefined) return configured;
  let commit: string;
  try {
    commit = git(["rev-parse", "--short=12", "HEAD"]).toString("utf8").trim();
  } catch (cause) {
    throw new ImageTagError("no git commit to tag the image with; set event-ingestor:imageTag", { cause });
  }
  const status = git(["status", "--porcelain", "--untracked-files=all"]).toString("utf8");
  if (status.trim() === "") return `git-${commit}`;
  const hash = createHash("sha256");
  hash.update(git(["diff", "HEAD", "--binary"]));
  const untracked = git(["ls-files", "--others", "--exclude-standard", "-z"]).toString("utf8").split("\0");
  for (const file of untracked.filter((f) => f !== "").sort()) {
    hash.update(file);
    hash.update(git(["hash-object", "--", file]));
  }
  return `git-${commit}-dirty-${hash.digest("hex").slice(0, 12)}`;
}
