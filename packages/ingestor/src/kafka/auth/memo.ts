/**
 * Runs `create` once and keeps what it resolved to; a rejection is not kept, so the next call tries again
 * (a credential source that was not ready at start-up must not stay broken).
 */
export function once<T>(create: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    value ??= create().catch((err: unknown) => {
      value = undefined;
      throw err;
    });
    return value;
  };
}
