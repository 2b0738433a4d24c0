import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { GcpConfig } from "./config.js";
import { options, type Scope } from "./scope.js";
import type { RegistryAccess } from "./types.js";

const SECONDS_PER_DAY = 86_400;

/** Cleanup rules: versions past `imageMaxAgeDays` go, but the `imageKeepCount` newest always stay (KEEP wins). */
export function cleanupPolicies(
  config: GcpConfig,
): gcp.types.input.artifactregistry.RepositoryCleanupPolicy[] {
  return [
    {
      id: "delete-old",
      action: "DELETE",
      condition: { tagState: "ANY", olderThan: `${config.imageMaxAgeDays * SECONDS_PER_DAY}s` },
    },
    {
      id: "keep-recent",
      action: "KEEP",
      mostRecentVersions: { keepCount: config.imageKeepCount },
    },
  ];
}

export interface Registry {
  readonly repository: gcp.artifactregistry.Repository;
  /** Image pulls for the nodes, granted on this repository only. */
  readonly nodeReader: gcp.artifactregistry.RepositoryIamMember;
  readonly access: RegistryAccess;
}

export interface RegistryArgs {
  /** Repository id and image name. */
  readonly name: string;
  /** Email of the node service account that pulls images. */
  readonly nodeServiceAccount: pulumi.Input<string>;
}

/**
 * An Artifact Registry Docker repository with cleanup rules, reader access for the nodes, and push credentials:
 * the deploying identity's own OAuth access token (username `oauth2accesstoken`), fetched on every run and valid
 * for about an hour, so no key is ever created or stored.
 */
export function createRegistry(config: GcpConfig, args: RegistryArgs, scope: Scope): Registry {
  const repository = new gcp.artifactregistry.Repository(
    `${args.name}-images`,
    {
      project: config.project,
      location: config.region,
      repositoryId: args.name,
      format: "DOCKER",
      description: `Container images of ${args.name}`,
      dockerConfig: { immutableTags: config.immutableTags },
      cleanupPolicies: cleanupPolicies(config),
      // Artifact Registry only logs what cleanup would delete unless dry run is off.
      cleanupPolicyDryRun: false,
    },
    options(scope),
  );

  const nodeReader = new gcp.artifactregistry.RepositoryIamMember(
    `${args.name}-images-node-reader`,
    {
      project: repository.project,
      location: repository.location,
      repository: repository.repositoryId,
      role: "roles/artifactregistry.reader",
      member: pulumi.interpolate`serviceAccount:${args.nodeServiceAccount}`,
    },
    options(scope),
  );

  // The layer cache of the image build (BuildKit registry cache): its tag is rewritten on every build, which the
  // image repository's immutable tags would refuse. Only the build reads it; replaced cache versions go after a day.
  const cache = new gcp.artifactregistry.Repository(
    `${args.name}-cache`,
    {
      project: config.project,
      location: config.region,
      repositoryId: `${args.name}-cache`,
      format: "DOCKER",
      description: `Build cache of ${args.name}`,
      dockerConfig: { immutableTags: false },
      cleanupPolicies: [
        {
          id: "delete-replaced",
          action: "DELETE",
          condition: { tagState: "UNTAGGED", olderThan: `${SECONDS_PER_DAY}s` },
        },
      ],
      cleanupPolicyDryRun: false,
    },
    options(scope),
  );

  const server = pulumi.interpolate`${repository.location}-docker.pkg.dev`;
  const client = gcp.organizations.getClientConfigOutput({ parent: scope.parent });
  return {
    repository,
    nodeReader,
    access: {
      repositoryUrl: pulumi.interpolate`${server}/${repository.project}/${repository.repositoryId}/${args.name}`,
      cacheRef: pulumi.interpolate`${server}/${cache.project}/${cache.repositoryId}/${args.name}:buildcache`,
      server,
      username: pulumi.output("oauth2accesstoken"),
      password: pulumi.secret(client.accessToken),
    },
  };
}
