// The contract lives in @event-ingestor/platform, shared with the cloud packages.
export type {
  CloudIngressFlavour,
  CloudPlatform,
  PlatformRequest,
  RegistryAccess,
} from "@event-ingestor/platform";
