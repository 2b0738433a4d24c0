import type { ArgsIssue } from "../errors.js";

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REGISTRY = /^[a-zA-Z0-9.-]+(?::[0-9]+)?$/;
// Repository path components as the distribution spec allows them.
const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** An image reference split into its parts (`registry/repo[:tag][@digest]`). */
export interface ImageRef {
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
}

/** The first component is a registry only if it looks like a host (as docker decides). */
function isName(name: string): boolean {
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  if (first.includes(".") || first.includes(":") || first === "localhost") {
    return REGISTRY.test(first) && PATH.test(name.slice(slash + 1));
  }
  return PATH.test(name);
}

export function parseImage(image: string): ImageRef | undefined {
  const [nameAndTag = "", digest, ...rest] = image.split("@");
  if (rest.length > 0) return undefined;
  // A colon after the last slash starts the tag; one before it belongs to a registry port.
  const tagColon = nameAndTag.indexOf(":", nameAndTag.lastIndexOf("/") + 1);
  const name = tagColon === -1 ? nameAndTag : nameAndTag.slice(0, tagColon);
  const tag = tagColon === -1 ? undefined : nameAndTag.slice(tagColon + 1);
  if (!isName(name) || (tag !== undefined && !TAG.test(tag))) return undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  return { name, tag, digest };
}

/**
 * Why an image is unacceptable, or undefined when it is fine. A digest pins the exact bytes (and makes the
 * Deployment change when the image does); a mutable tag is only accepted when explicitly allowed, never `latest`.
 */
export function checkImage(image: unknown, allowMutableTag: boolean, path = "image"): ArgsIssue | undefined {
  const ref = typeof image === "string" ? parseImage(image) : undefined;
  if (ref === undefined) {
    return {
      code: "IMAGE_INVALID",
      path,
      message: `${JSON.stringify(image)} is not an image reference (expected registry/repo@sha256:<64 hex>)`,
    };
  }
  if (ref.digest !== undefined) return undefined;
  if (ref.tag === undefined || ref.tag === "latest") {
    return {
      code: "IMAGE_LATEST",
      path,
      message: `${String(image)} resolves to the mutable "latest" tag; pin it by digest (repo@sha256:...)`,
    };
  }
  if (!allowMutableTag) {
    return {
      code: "IMAGE_NOT_PINNED",
      path,
      message: `${String(image)} has a tag but no digest; pass repo@sha256:... (or set allowMutableImageTag: true for a local cluster)`,
    };
  }
  return undefined;
}
