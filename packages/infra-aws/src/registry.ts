import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsConfig } from "./config.js";

/** How many images the repository keeps; untagged layers of failed or replaced pushes go after a week. */
export const keepLastImages = 30;
export const untaggedExpiryDays = 7;

/** The ECR lifecycle policy document (pure, so tests read the rules directly). */
export function lifecyclePolicy(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `expire untagged images after ${untaggedExpiryDays} days`,
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: untaggedExpiryDays,
        },
        action: { type: "expire" },
      },
      {
        rulePriority: 2,
        description: `keep the last ${keepLastImages} images`,
        selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: keepLastImages },
        action: { type: "expire" },
      },
    ],
  });
}

/** The build cache repository keeps only its current cache manifest; replaced ones go after a day. */
export function cacheLifecyclePolicy(): string {
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: "expire replaced build cache manifests after 1 day",
        selection: {
          tagStatus: "untagged",
          countType: "sinceImagePushed",
          countUnit: "days",
          countNumber: 1,
        },
        action: { type: "expire" },
      },
    ],
  });
}

/** The tag the build cache is exported to; it moves on every build. */
export const cacheTag = "buildcache";

/** ECR repository and the short-lived credentials `docker push` needs. */
export interface EcrRegistry {
  readonly repository: aws.ecr.Repository;
  readonly repositoryUrl: pulumi.Output<string>;
  /** `<cache repository>:buildcache`, mutable. */
  readonly cacheRef: pulumi.Output<string>;
  readonly server: pulumi.Output<string>;
  readonly username: pulumi.Output<string>;
  readonly password: pulumi.Output<string>;
}

/**
 * A private ECR repository: immutable tags (a tag always names one image), scan on push, and a lifecycle
 * policy so the repository does not grow without bound.
 */
export function createRegistry(
  name: string,
  config: Pick<AwsConfig, "ecrForceDelete">,
  opts: pulumi.ComponentResourceOptions,
): EcrRegistry {
  const repository = new aws.ecr.Repository(
    name,
    {
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      forceDelete: config.ecrForceDelete,
    },
    opts,
  );
  new aws.ecr.LifecyclePolicy(name, { repository: repository.name, policy: lifecyclePolicy() }, opts);
  // The layer cache of the image build (BuildKit registry cache): its tag is rewritten on every build, which the
  // image repository's immutable tags would refuse. Nothing pulls from it but the build.
  const cache = new aws.ecr.Repository(
    `${name}-cache`,
    {
      imageTagMutability: "MUTABLE",
      encryptionConfigurations: [{ encryptionType: "AES256" }],
      forceDelete: true,
    },
    opts,
  );
  new aws.ecr.LifecyclePolicy(
    `${name}-cache`,
    { repository: cache.name, policy: cacheLifecyclePolicy() },
    opts,
  );

  // A 12-hour token, fetched on every run: nothing long-lived is stored in the state.
  const token = aws.ecr.getAuthorizationTokenOutput({ registryId: repository.registryId }, opts);
  return {
    repository,
    repositoryUrl: repository.repositoryUrl,
    cacheRef: pulumi.interpolate`${cache.repositoryUrl}:${cacheTag}`,
    server: repository.repositoryUrl.apply((url) => url.split("/")[0] ?? url),
    username: token.userName,
    password: pulumi.secret(token.password),
  };
}
