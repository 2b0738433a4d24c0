// Picks the cloud package by name and loads only that one: each branch is its own dynamic import, so a
// stack never loads (or needs credentials for) another cloud's SDK.
import type { CloudPlatform, PlatformRequest } from "./platform.js";
import type { CloudName } from "./settings.js";

/** Creates the selected cloud's platform. The assignments check each package against `CloudPlatform`. */
export async function createCloudPlatform(
  cloud: CloudName,
  request: PlatformRequest,
): Promise<CloudPlatform> {
  switch (cloud) {
    case "aws": {
      const aws = await import("@event-ingestor/infra-aws");
      const platform: CloudPlatform = aws.createPlatform(request, aws.loadAwsConfig());
      return platform;
    }
    case "gcp": {
      const gcp = await import("@event-ingestor/infra-gcp");
      const platform: CloudPlatform = gcp.createPlatform(request, gcp.loadGcpConfig());
      return platform;
    }
    case "azure": {
      const azure = await import("@event-ingestor/infra-azure");
      const platform: CloudPlatform = azure.createPlatform(request, azure.loadAzureConfig());
      return platform;
    }
  }
}
