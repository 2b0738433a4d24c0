// The contract with the entry program lives in @event-ingestor/platform.
import type { CloudPlatform } from "@event-ingestor/platform";

export type { PlatformRequest, RegistryAccess } from "@event-ingestor/platform";

/** Everything the entry program needs from this cloud. */
export type GcpPlatform = CloudPlatform<"gce">;
