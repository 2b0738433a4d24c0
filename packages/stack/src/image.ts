import * as path from "node:path";
import * as dockerbuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { repoRoot } from "./paths.js";
import type { CloudPlatform } from "./platform.js";

/** What to build and where to push it. */
export interface ImageArgs {
  readonly registry: CloudPlatform["registry"];
  /** Immutable tag for this build (see image-tag.ts). */
  readonly tag: string;
  /** Directory the program runs in; paths are stored relative to it so state does not depend on the checkout. */
  readonly cwd: string;
}

/**
 * Builds the repository's Dockerfile for linux/amd64 (what the clusters' nodes run) and pushes it with the
 * registry's short-lived credentials. Its `digest` output is known only once the push has happened.
 */
export function buildImage(
  name: string,
  args: ImageArgs,
  opts?: pulumi.CustomResourceOptions,
): dockerbuild.Image {
  const context = path.relative(args.cwd, repoRoot) || ".";
  return new dockerbuild.Image(
    name,
    {
      context: { location: context },
      dockerfile: { location: path.join(context, "Dockerfile") },
      platforms: [dockerbuild.Platform.Linux_amd64],
      push: true,
      tags: [pulumi.interpolate`${args.registry.repositoryUrl}:${args.tag}`],
      registries: [
        {
          address: args.registry.server,
          username: args.registry.username,
          password: pulumi.secret(args.registry.password),
        },
      ],
      // Layer cache in the registry, so a CI runner or a new laptop rebuilds only what changed. Exported in
      // full (mode max: the build stages too) as an image manifest with OCI media types, the form ECR accepts;
      // a failed export never fails the deploy.
      cacheFrom: [{ registry: { ref: args.registry.cacheRef } }],
      cacheTo: [
        {
          registry: {
            ref: args.registry.cacheRef,
            mode: dockerbuild.CacheMode.Max,
            imageManifest: true,
            ociMediaTypes: true,
            ignoreError: true,
          },
        },
      ],
      // Previews neither need a Docker engine nor push; the digest shows as unknown until `pulumi up`.
      buildOnPreview: false,
    },
    opts,
  );
}

/** `repo@sha256:...`: what the Deployment runs, so a new push is a new pod template and a rollout. */
export function imageRef(
  registry: CloudPlatform["registry"],
  image: dockerbuild.Image,
): pulumi.Output<string> {
  return pulumi.interpolate`${registry.repositoryUrl}@${image.digest}`;
}
