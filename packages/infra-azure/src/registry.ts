import { createHash } from "node:crypto";
import * as authorization from "@pulumi/azure-native/authorization/index.js";
import * as containerregistry from "@pulumi/azure-native/containerregistry/index.js";
import * as pulumi from "@pulumi/pulumi";
import { acrTokenUsername, defaultExchangeDeps, exchangeForAcrRefreshToken } from "./acr-token.js";
import type { Deployer } from "./deployer.js";
import type { AzureConfig } from "./config.js";
import { roleDefinitionId } from "./roles.js";
import type { Scope } from "./scope.js";
import type { RegistryAccess } from "./types.js";

/**
 * ACR names are global, 5-50 letters and digits. Derived from the base name plus a hash of project, stack and name
 * so two stacks never collide and the name is stable across runs.
 */
export function defaultRegistryName(name: string, project: string, stack: string): string {
  const hash = createHash("sha256").update(`${project}/${stack}/${name}`).digest("hex").slice(0, 8);
  const base = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return `${base.slice(0, 42)}${hash}`.padEnd(5, "0");
}

export interface Registry {
  readonly registry: containerregistry.Registry;
  /** AcrPull for the kubelet identity: what lets the nodes pull the image. */
  readonly kubeletPull: authorization.RoleAssignment;
  readonly access: RegistryAccess;
}

export interface RegistryArgs {
  /** Image name and base of the registry name. */
  readonly name: string;
  readonly kubeletObjectId: pulumi.Input<string>;
  readonly deployer: Deployer;
}

/**
 * An ACR with the admin user off, AcrPull for the kubelet identity, and push credentials exchanged from the
 * deployer's Entra token (the admin-only `listRegistryCredentials` is not available with admin off, and ACR token
 * passwords cannot be generated through the resource API).
 */
export function createRegistry(config: AzureConfig, args: RegistryArgs, scope: Scope): Registry {
  const premium = config.acrSku === "Premium";
  const registry = new containerregistry.Registry(
    `${args.name}-registry`,
    {
      resourceGroupName: scope.resourceGroupName,
      location: scope.location,
      registryName:
        config.registryName ?? defaultRegistryName(args.name, pulumi.getProject(), pulumi.getStack()),
      sku: { name: config.acrSku },
      adminUserEnabled: false,
      anonymousPullEnabled: false,
      policies: {
        // The push credential is exchanged from an Azure Resource Manager token; this policy must accept it.
        azureADAuthenticationAsArmPolicy: { status: "enabled" },
        // Untagged manifests pile up with every push; only Premium can expire them.
        ...(premium ? { retentionPolicy: { status: "enabled", days: config.acrRetentionDays } } : {}),
      },
    },
    { parent: scope.parent },
  );

  const kubeletPull = new authorization.RoleAssignment(
    `${args.name}-kubelet-acr-pull`,
    {
      principalId: args.kubeletObjectId,
      principalType: "ServicePrincipal",
      roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, "acrPull"),
      scope: registry.id,
    },
    { parent: scope.parent },
  );

  const deployerPush = config.grantDeployerAccess
    ? new authorization.RoleAssignment(
        `${args.name}-deployer-acr-push`,
        {
          principalId: args.deployer.objectId,
          principalType: args.deployer.principalType,
          roleDefinitionId: roleDefinitionId(args.deployer.subscriptionId, "acrPush"),
          scope: registry.id,
        },
        { parent: scope.parent },
      )
    : undefined;

  // Depending on the push grant's id makes every consumer of the password (the image push) wait for the grant.
  const password = pulumi
    .all([registry.loginServer, args.deployer.tenantId, args.deployer.accessToken, deployerPush?.id ?? ""])
    .apply(([loginServer, tenantId, accessToken]) =>
      exchangeForAcrRefreshToken({ loginServer, tenantId, accessToken }, defaultExchangeDeps()),
    );

  return {
    registry,
    kubeletPull,
    access: {
      repositoryUrl: pulumi.interpolate`${registry.loginServer}/${args.name}`,
      // The build's layer cache, in a repository of its own (ACR tags are mutable; the image's are never reused).
      cacheRef: pulumi.interpolate`${registry.loginServer}/${args.name}-cache:buildcache`,
      server: registry.loginServer,
      username: pulumi.output(acrTokenUsername),
      password: pulumi.secret(password),
    },
  };
}
