import { randomUUID } from "node:crypto";
import { BroadcastChannel } from "node:worker_threads";
import { describeError, type KafkaToken, type TokenSource } from "./token.js";

/**
 * kafkajs runs on its own worker thread (KAFKA_PRODUCER_THREAD=worker) while the token's cache, its refresh
 * and readiness live on the HTTP thread: one credentials provider per process, and a restarted producer
 * thread gets the cached token at once. The producer thread asks over a BroadcastChannel (one per process,
 * no port to hand over at spawn); each answer names the request it answers.
 */
export const TOKEN_CHANNEL = "event-ingestor:kafka-auth";

type BridgeMessage =
  | { readonly kind: "token-request"; readonly id: string }
  | { readonly kind: "token"; readonly id: string; readonly token: KafkaToken }
  | { readonly kind: "token-error"; readonly id: string; readonly message: string };

function onMessages(channel: BroadcastChannel, handle: (message: BridgeMessage) => void): void {
  channel.onmessage = (event: unknown) => {
    const data = (event as { data?: unknown }).data;
    if (typeof data === "object" && data !== null && "kind" in data) handle(data as BridgeMessage);
  };
}

/** HTTP thread: answers the producer thread's token requests from the one token source. */
export function serveTokens(source: TokenSource, name = TOKEN_CHANNEL): { close(): void } {
  const channel = new BroadcastChannel(name);
  channel.unref();
  onMessages(channel, (message) => {
    if (message.kind !== "token-request") return;
    const { id } = message;
    source.token().then(
      ({ value, expiresAt, principal }) => {
        channel.postMessage({
          kind: "token",
          id,
          token: { value, expiresAt, principal },
        } satisfies BridgeMessage);
      },
      (err: unknown) => {
        channel.postMessage({ kind: "token-error", id, message: describeError(err) } satisfies BridgeMessage);
      },
    );
  });
  return {
    close: () => {
      channel.close();
    },
  };
}

/** Producer thread: a token source that asks the HTTP thread's. */
export function remoteTokens(name = TOKEN_CHANNEL, timeoutMs = 30_000): TokenSource & { close(): void } {
  let channel: BroadcastChannel | undefined;
  const pending = new Map<
    string,
    { resolve: (t: KafkaToken) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
  >();
  const open = (): BroadcastChannel => {
    if (channel !== undefined) return channel;
    const c = new BroadcastChannel(name);
    c.unref();
    onMessages(c, (message) => {
      if (message.kind === "token-request") return;
      const p = pending.get(message.id);
      if (p === undefined) return;
      pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.kind === "token") p.resolve(message.token);
      else p.reject(new Error(`no Kafka token: ${message.message}`));
    });
    channel = c;
    return c;
  };
  return {
    token: () =>
      new Promise<KafkaToken>((resolve, reject) => {
        const id = randomUUID();
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`no Kafka token from the HTTP thread within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        open().postMessage({ kind: "token-request", id } satisfies BridgeMessage);
      }),
    close: () => {
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new Error("the Kafka token channel closed"));
        pending.delete(id);
      }
      channel?.close();
      channel = undefined;
    },
  };
}
