import { describe, expect, it } from "vitest";
import { checkImage, parseImage } from "./image.js";

const D = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("parseImage", () => {
  it("splits registry/repo, tag and digest, leaving a registry port alone", () => {
    expect(parseImage(`localhost:5000/team/app:1.2@${D}`)).toEqual({
      name: "localhost:5000/team/app",
      tag: "1.2",
      digest: D,
    });
    expect(parseImage("app")).toEqual({ name: "app", tag: undefined, digest: undefined });
  });

  it("rejects what is not a reference", () => {
    for (const bad of ["", "UPPER/case", "app@sha256:short", "a@b@c", "app: tag"])
      expect(parseImage(bad)).toBeUndefined();
  });
});

describe("checkImage", () => {
  it("accepts an image by digest, with or without a tag", () => {
    expect(checkImage(`123.dkr.ecr.eu-west-1.amazonaws.com/ingestor@${D}`, false)).toBeUndefined();
    expect(checkImage(`europe-docker.pkg.dev/p/r/ingestor:v1@${D}`, false)).toBeUndefined();
  });

  it("refuses a tag without a digest unless mutable tags are allowed", () => {
    expect(checkImage("ghcr.io/acme/ingestor:1.0.0", false)?.code).toBe("IMAGE_NOT_PINNED");
    expect(checkImage("ghcr.io/acme/ingestor:1.0.0", false)?.message).toMatch(/digest/);
    expect(checkImage("ghcr.io/acme/ingestor:1.0.0", true)).toBeUndefined();
  });

  it("refuses latest and untagged images even when mutable tags are allowed", () => {
    expect(checkImage("ghcr.io/acme/ingestor:latest", true)?.code).toBe("IMAGE_LATEST");
    expect(checkImage("ghcr.io/acme/ingestor", true)?.code).toBe("IMAGE_LATEST");
  });

  it("reports a malformed reference as IMAGE_INVALID", () => {
    expect(checkImage("not an image", true)?.code).toBe("IMAGE_INVALID");
    expect(checkImage(42, true)?.code).toBe("IMAGE_INVALID");
  });
});
