// The Pulumi program (Pulumi.yaml points here): the stack's cloud -> its platform -> the image, built and
// pushed to that cloud's registry -> the k8s-app component running that image by digest.
import { DEFAULTS, IngestorApp } from "@event-ingestor/k8s-app";
import type * as pulumi from "@pulumi/pulumi";
import { APP_NAME, appArgs } from "./app-args.js";
import { createCloudPlatform } from "./clouds.js";
import { createCloudServices } from "./services.js";
import { loadStackConfig } from "./config.js";
import { buildImage, imageRef as imageRefOf } from "./image.js";
import { repoRoot } from "./paths.js";
import { gitIn, resolveImageTag } from "./image-tag.js";

const { settings, secrets, schemas } = loadStackConfig();

const platform = await createCloudPlatform(settings.cloud, {
  name: APP_NAME,
  namespace: settings.app.namespace,
  serviceAccountName: APP_NAME,
  ingress: { name: APP_NAME, host: settings.app.host, tls: settings.app.tls },
});

// Managed Kafka and managed Prometheus, as the stack's kafka.mode and app.metrics ask.
const services = createCloudServices(platform, settings, { port: DEFAULTS.port });

const image = buildImage("event-ingestor", {
  registry: platform.registry,
  tag: resolveImageTag(settings.imageTag, gitIn(repoRoot)),
  cwd: process.cwd(),
});
const pushed = imageRefOf(platform.registry, image);

const app = new IngestorApp(
  APP_NAME,
  {
    ...appArgs<pulumi.Input<string>>(settings, platform, services, schemas),
    serviceAccountAnnotations: platform.serviceAccountAnnotations,
    image: pushed,
    // Kafka credentials and API keys reach the cluster only as a Secret, and the state only encrypted.
    secretConfig: secrets,
    // The Deployment (and the topics Job) wait for the cloud's Kafka, its topics and the identity's grants, so
    // the first rollout does not start against a cluster that is not there yet.
    waitFor: services.waitFor,
  },
  // Children wait for the component, which waits for these: nothing is applied before the push, the nodes
  // and the cloud's ingress controller.
  { provider: platform.provider, dependsOn: [image, ...platform.dependsOn] },
);

// Cloud objects that refer to the app: DNS records for its load balancer. (Objects the Ingress names, such as
// GKE's certificate and redirect, are the component's own: appArgs passes them as ingressPrerequisites.)
platform.ingress.afterApp?.({
  resource: app,
  namespace: settings.app.namespace,
  address: app.ingressAddress,
});

export const cloud = settings.cloud;
export const registryUrl = platform.registry.repositoryUrl;
export const imageRef = pushed;
export const kubeconfig = platform.outputs.kubeconfig;
export const clusterName = platform.outputs.clusterName;
export const credentialsCommand = platform.outputs.credentialsCommand;
export const serviceAddress = platform.ingress.address ?? app.ingressAddress;
/** The URL clients post events to. */
export const serviceUrl = serviceAddress.apply(
  (address) =>
    `${settings.app.tls ? "https" : "http"}://${settings.app.host ?? (address === "" ? "<pending>" : address)}/events`,
);
export const namespace = app.namespace;
/** Where the app's metrics are queried, with `app.metrics: managed`. */
export const metricsQueryEndpoint = services.metricsQueryEndpoint;
