export * from "./config-fields.js";
export * from "./contract.js";
