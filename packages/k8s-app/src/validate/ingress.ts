import { FLAVOURS, INGRESS_FLAVOURS, isIngressFlavour } from "../flavours.js";
import type { PlainArgs, Settings } from "../settings.js";
import { isDns1123Subdomain, isHost } from "./checks.js";
import type { Issues } from "./issues.js";

/** The Ingress arguments against the flavour's traits (flavours.ts). */
export function validateIngress(args: PlainArgs, issues: Issues): Settings["ingress"] {
  const ingress = args.ingress;
  if (ingress === undefined || ingress.flavour === "none") return undefined;
  if (!isIngressFlavour(ingress.flavour)) {
    const known = INGRESS_FLAVOURS.join(", ");
    issues.add(
      "INVALID_INGRESS_FLAVOUR",
      "ingress.flavour",
      `${JSON.stringify(ingress.flavour)} is not one of ${known}`,
    );
    return undefined;
  }
  const { flavour, host, tls, className } = ingress;
  const traits = FLAVOURS[flavour];
  if (host !== undefined && !isHost(host))
    issues.add("INVALID_HOST", "ingress.host", `${host} is not a DNS name`);
  if (tls !== undefined && host === undefined) {
    issues.add("INGRESS_TLS_WITHOUT_HOST", "ingress.tls", "TLS needs ingress.host (the certificate's name)");
  }
  if (tls?.secretName !== undefined && !traits.tlsSecret) {
    issues.add(
      "INGRESS_TLS_SECRET_UNSUPPORTED",
      "ingress.tls.secretName",
      `the ${flavour} controller does not serve certificates from Secrets (ALB takes ACM certificates)`,
    );
  }
  if (tls?.secretName !== undefined && !isDns1123Subdomain(tls.secretName)) {
    issues.add("INVALID_NAME", "ingress.tls.secretName", `${tls.secretName} is not a Secret name`);
  }
  if (className !== undefined && !traits.classOverridable) {
    issues.add(
      "INGRESS_CLASS_UNSUPPORTED",
      "ingress.className",
      `the ${flavour} controller is chosen by annotation, not class`,
    );
  }
  issues.annotations(ingress.annotations ?? {}, "ingress.annotations");
  return {
    flavour,
    host,
    tls: tls === undefined ? undefined : { secretName: tls.secretName },
    className,
  };
}
