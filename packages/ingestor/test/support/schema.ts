// The error of an event its type's JSON Schema refuses, as the tests expect it in a result or a dead letter.

export const schemaViolation = (message: string, instancePath: string, keyword: string) => ({
  code: "SCHEMA_VIOLATION",
  message,
  instancePath,
  keyword,
});

/** What `amount: { type: "number", minimum: 0 }` answers for a negative amount. */
export const NEGATIVE_AMOUNT = schemaViolation("data/amount must be >= 0", "/amount", "minimum");
