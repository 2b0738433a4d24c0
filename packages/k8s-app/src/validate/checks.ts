// Small syntax checks shared by argument validation (Kubernetes name, label and quantity rules).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$|^[0-9a-fA-F:]+\/\d{1,3}$/;
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei|e\d+)?$/;
const PERCENT = /^(100|[1-9]?\d)%$/;

/** `typeof`, telling null and arrays apart from mappings. */
export const kindOf = (v: unknown): string => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

export const isDns1123Label = (v: unknown): boolean =>
  typeof v === "string" && v.length <= 63 && DNS1123_LABEL.test(v);
export const isDns1035Label = (v: unknown): boolean =>
  typeof v === "string" && v.length <= 63 && DNS1035_LABEL.test(v);
export const isDns1123Subdomain = (v: unknown): boolean =>
  typeof v === "string" && v.length <= 253 && DNS1123_SUBDOMAIN.test(v);
export const isEnvName = (v: unknown): boolean => typeof v === "string" && ENV_NAME.test(v);
export const isHost = (v: unknown): boolean => typeof v === "string" && v.length <= 253 && HOST.test(v);
export const isCidr = (v: unknown): boolean => typeof v === "string" && CIDR.test(v);
export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
export const isPort = (v: unknown): v is number => isInt(v) && v >= 1 && v <= 65535;
export const isPercent = (v: unknown): v is string => typeof v === "string" && PERCENT.test(v);

export function isLabelKey(v: unknown): boolean {
  if (typeof v !== "string") return false;
  const slash = v.indexOf("/");
  const prefix = slash === -1 ? undefined : v.slice(0, slash);
  const name = slash === -1 ? v : v.slice(slash + 1);
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

export const isLabelValue = (v: unknown): boolean =>
  typeof v === "string" && v.length <= 63 && LABEL_VALUE.test(v);

const SUFFIX: Readonly<Record<string, number>> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** A Kubernetes resource quantity as a number of base units, or undefined when it is not one. */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const m = QUANTITY.exec(v);
  if (m === null) return undefined;
  const value = Number(m[1]);
  const suffix = m[3] ?? "";
  if (suffix.startsWith("e")) return value * 10 ** Number(suffix.slice(1));
  const factor = SUFFIX[suffix];
  return factor === undefined ? undefined : value * factor;
}
