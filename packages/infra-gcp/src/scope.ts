import type * as pulumi from "@pulumi/pulumi";

/** Where a resource belongs: the platform component as parent, and the APIs it cannot be created without. */
export interface Scope {
  readonly parent: pulumi.Resource;
  readonly apis: readonly pulumi.Resource[];
}

/** Options for a resource in `scope` that must also wait for `dependsOn`. */
export function options(scope: Scope, ...dependsOn: pulumi.Resource[]): pulumi.CustomResourceOptions {
  return { parent: scope.parent, dependsOn: [...scope.apis, ...dependsOn] };
}
