import { describe, expect, it } from "vitest";
import {
  bool,
  CIDR,
  int,
  intAtLeast,
  isOneOf,
  isPlaceholder,
  isRecord,
  oneOf,
  placeholderProblem,
  str,
  stringMap,
  strings,
  unknownKeys,
} from "./config-fields.js";

describe("stack config validators", () => {
  it("leave absent keys to the defaults and record no problem", () => {
    const problems: string[] = [];
    expect(int({}, "n", 1, 3, problems)).toBeUndefined();
    expect(str({}, "s", /x/, problems)).toBeUndefined();
    expect(bool({}, "b", problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("accept the strings `pulumi config set --path` stores for numbers and booleans", () => {
    const problems: string[] = [];
    expect(int({ n: "2" }, "n", 1, 3, problems)).toBe(2);
    expect(bool({ b: "false" }, "b", problems)).toBe(false);
    expect(problems).toEqual([]);
  });

  it("record every problem instead of throwing, so one run reports all mistakes", () => {
    const problems: string[] = [];
    int({ n: 9 }, "n", 1, 3, problems);
    str({ s: "bad" }, "s", /^ok$/, problems);
    oneOf({ o: "c" }, "o", ["a", "b"], problems);
    strings({ l: ["10.0.0.0/8", "nope"] }, "l", CIDR, problems);
    bool({ b: "yes" }, "b", problems);
    unknownKeys({ n: 1, typo: 1 }, ["n"], problems);
    expect(problems).toEqual([
      "n must be an integer from 1 to 3, got 9",
      's must match ^ok$, got "bad"',
      'o must be one of a, b, got "c"',
      `l must be a list of strings matching ${CIDR.source}, got ["10.0.0.0/8","nope"]`,
      'b must be true or false, got "yes"',
      "typo is not a known setting",
    ]);
  });

  it("bound an integer from below only, naming just that bound", () => {
    const problems: string[] = [];
    expect(intAtLeast({ n: "7" }, "n", 1, problems)).toBe(7);
    expect(intAtLeast({ n: 0 }, "n", 1, problems)).toBeUndefined();
    expect(intAtLeast({ n: 1.5 }, "n", 1, problems)).toBeUndefined();
    expect(intAtLeast({}, "n", 1, problems)).toBeUndefined();
    expect(problems).toEqual(["n must be an integer >= 1, got 0", "n must be an integer >= 1, got 1.5"]);
  });

  it("take a map of names to strings and refuse any other value", () => {
    const problems: string[] = [];
    expect(stringMap({ m: { A: "1", B: "x" } }, "m", problems)).toEqual({ A: "1", B: "x" });
    expect(stringMap({}, "m", problems)).toBeUndefined();
    expect(stringMap({ m: { A: 1 } }, "m", problems)).toBeUndefined();
    expect(stringMap({ m: ["A"] }, "m", problems)).toBeUndefined();
    expect(problems).toEqual([
      'm must map names to strings, got {"A":1}',
      'm must map names to strings, got ["A"]',
    ]);
  });

  it("tell whether a value is one of a list", () => {
    expect(isOneOf(["aws", "gcp"], "gcp")).toBe(true);
    expect(isOneOf(["aws", "gcp"], "azure")).toBe(false);
    expect(isOneOf(["aws", "gcp"], 1)).toBe(false);
  });

  it("tell records from arrays and null", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
  });
});

describe("placeholders", () => {
  it("recognise the values the stack files ship with and the RFC 2606 example names", () => {
    for (const value of [
      "b-1.example.abc123.c2.kafka.eu-west-1.amazonaws.com:9096,b-2.example.abc123.c2.kafka.eu-west-1.amazonaws.com:9096",
      "bootstrap.example.europe-west1.managedkafka.my-gcp-project.cloud.goog:9092",
      "my-namespace.servicebus.windows.net:9093",
      "my-gcp-project",
      "events.example.com",
      "https://my-vault.vault.azure.net/certificates/ingestor",
    ])
      expect(isPlaceholder(value), value).toBe(true);
  });

  it("recognise the stack files' commented examples, uncommented as they are", () => {
    for (const value of [
      "events.your-domain.com",
      "https://your-vault.vault.azure.net/certificates/ingestor",
      "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/dnszones/your-domain.com",
      "your-zone",
      "b-1.your-cluster.xxxxxx.c2.kafka.eu-west-1.amazonaws.com:9096",
      "serviceAccount:event-ingestor-preview@your-project.iam.gserviceaccount.com",
    ])
      expect(isPlaceholder(value), value).toBe(true);
  });

  it("let real names through, including ones that merely contain a placeholder word", () => {
    for (const value of [
      "b-1.prod7.c2.kafka.eu-west-1.amazonaws.com:9096",
      "acme-ingest",
      "events.examples-shop.io",
      "pkc-12345.europe-west1.gcp.confluent.cloud:9092",
    ])
      expect(isPlaceholder(value), value).toBe(false);
  });

  it("name the key and the command that sets it", () => {
    expect(placeholderProblem("gcp:project", "my-gcp-project", "pulumi config set gcp:project <id>")).toBe(
      'gcp:project is still the placeholder "my-gcp-project": set it with `pulumi config set gcp:project <id>`',
    );
  });
});
