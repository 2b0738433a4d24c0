// The runnable policy pack: Pulumi loads this module (package.json main, built to dist/index.js) and the
// PolicyPack constructor serves the policies to the engine. Tests import ./policies.js and ./checks.js
// instead, since constructing the pack starts that server.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies.js";

new PolicyPack(PACK_NAME, { policies });
