import type * as pulumi from "@pulumi/pulumi";

/** Where a resource belongs: the platform component as parent, and the resource group it lives in. */
export interface Scope {
  readonly parent: pulumi.Resource;
  readonly resourceGroupName: pulumi.Output<string>;
  readonly location: string;
}
