import { describe, expect, it } from "vitest";
import { loadWith, problemsWith } from "../../test/support/config.js";
import { derivedKeyId, parseApiKeys, parseKeyRateLimits } from "./api-keys.js";

describe("parseApiKeys", () => {
  it("takes `id:key` entries by their id and names a bare key by the first 8 hex digits of its SHA-256", () => {
    expect(parseApiKeys(["mobile:s3cret", "k1", "batch: tok:en "])).toEqual({
      keys: [
        { id: "mobile", key: "s3cret" },
        { id: "key-6ab9f1eb", key: "k1" },
        { id: "batch", key: "tok:en" },
      ],
      problems: [],
    });
    expect(derivedKeyId("key-a")).toBe("key-f10f7812");
  });

  it("refuses bad, reserved and repeated ids, and an empty key, without quoting the entry", () => {
    const { problems } = parseApiKeys(["has space:x", "anonymous:y", "a:1", "a:2", "b:", "k1", "k1"]);
    expect(problems).toEqual([
      "entry 1: the part before ':' is not a key id (1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
      "entry 2: the id 'anonymous' is reserved for requests without auth",
      "entry 4: the id 'a' is used by an earlier entry",
      "entry 5: no key after 'b:'",
      "entry 7: the id 'key-6ab9f1eb' is used by an earlier entry",
    ]);
    expect(problems.join()).not.toMatch(/has space/);
  });
});

describe("parseKeyRateLimits", () => {
  it("reads `id=rate[/burst]` entries, spaces and empty entries allowed", () => {
    expect(parseKeyRateLimits(" mobile = 100 / 1000 , batch=5000,, free=0")).toEqual({
      limits: [
        { id: "mobile", perSecond: 100, burst: 1000 },
        { id: "batch", perSecond: 5000 },
        { id: "free", perSecond: 0 },
      ],
      problems: [],
    });
  });

  it("names each malformed entry and a repeated id", () => {
    expect(parseKeyRateLimits("a=1.5,b=x,c,d=1/-2,a=3,a=4").problems).toEqual([
      "'a=1.5' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
      "'b=x' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
      "'c' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
      "'d=1/-2' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
      "the key id 'a' is listed twice",
    ]);
    expect(parseKeyRateLimits(" , ").problems).toEqual(["must list at least one <key id>=<rate>"]);
  });
});

describe("API_KEYS and RATE_LIMIT_PER_KEY at start-up", () => {
  const keys = { API_KEYS: "mobile:m-key,batch:b-key,k1", MAX_BATCH_EVENTS: "100" };

  it("gives each key its own limit, the default burst max(rate, MAX_BATCH_EVENTS), and 0 as no limit", () => {
    const c = loadWith({
      ...keys,
      RATE_LIMIT_EVENTS_PER_SECOND: "10",
      RATE_LIMIT_PER_KEY: "mobile=20/500,batch=5000,key-6ab9f1eb=0",
    });
    expect(c.http.apiKeys.map((k) => k.id)).toEqual(["mobile", "batch", "key-6ab9f1eb"]);
    expect(c.http.rateLimit).toEqual({ perSecond: 10, burst: 100 });
    expect(c.http.keyRateLimits).toEqual([
      { id: "mobile", limit: { perSecond: 20, burst: 500 } },
      { id: "batch", limit: { perSecond: 5000, burst: 5000 } },
      { id: "key-6ab9f1eb", limit: undefined },
    ]);
  });

  it("refuses an unknown key id, a burst below MAX_BATCH_EVENTS, a bad number and a bad API_KEYS entry", () => {
    expect(problemsWith({ ...keys, RATE_LIMIT_PER_KEY: "mobile=10/99,web=5" })).toEqual([
      "RATE_LIMIT_PER_KEY: mobile: a burst of 99 is below MAX_BATCH_EVENTS (a full batch could never pass)",
      "RATE_LIMIT_PER_KEY: names key id 'web', which no API_KEYS entry has (ids: mobile, batch, key-6ab9f1eb)",
    ]);
    expect(problemsWith({ RATE_LIMIT_PER_KEY: "mobile=10" })).toEqual([
      "RATE_LIMIT_PER_KEY: names key id 'mobile' but API_KEYS is not set",
    ]);
    expect(problemsWith({ ...keys, RATE_LIMIT_PER_KEY: "mobile=ten" })).toEqual([
      "RATE_LIMIT_PER_KEY: 'mobile=ten' is not <key id>=<events per second>[/<burst>] (whole numbers; an id is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
    ]);
    expect(problemsWith({ API_KEYS: "a:1,a:2" })).toEqual([
      "API_KEYS: entry 2: the id 'a' is used by an earlier entry",
    ]);
  });
});
