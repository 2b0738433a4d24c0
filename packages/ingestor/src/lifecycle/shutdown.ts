import type { Logger } from "pino";
import type { ServiceState } from "./state.js";

export interface ShutdownDeps {
  readonly state: ServiceState;
  readonly logger: Logger;
  readonly delayMs: number;
  readonly timeoutMs: number;
  /** Ends the connections of requests still in progress (uploads that stalled past the wait). */
  readonly cutConnections: () => void;
  /** Stops listening and ends every connection left; resolves when the server has closed. */
  readonly closeServer: () => Promise<void>;
  /** Sends everything buffered and waits for Kafka's acknowledgements. */
  readonly flush: () => Promise<void>;
  readonly disconnect: () => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock; tests pass their own. */
  readonly now?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * How long no request may have arrived before the listener closes. Closing ends idle keep-alive connections,
 * and a connection whose next request is on its way looks idle: clients still sending (a load balancer
 * slow to let go) would be reset instead of answered 503 DRAINING.
 */
export const QUIET_MS = 500;
/** ...but not for longer than this: a client that never stops must not hold the exit until the timeout. */
export const QUIET_MAX_MS = 3_000;

/**
 * Time kept back from waiting for requests so the flush and disconnect always run: a stalled upload used to
 * hold shutdown until the timeout, which then skipped both.
 */
export function flushReserveMs(timeoutMs: number, delayMs: number): number {
  return Math.min(5_000, Math.floor((timeoutMs - delayMs) / 2));
}

/**
 * The documented order: readiness fails -> wait the delay (load balancers stop routing) -> refuse new
 * requests (503 DRAINING with `Connection: close`, so keep-alive clients are told rather than reset) ->
 * finish in-flight requests -> flush the batcher -> disconnect the producer -> close the server. Requests
 * still running when only the flush reserve is left are cut; the flush and the disconnect run regardless.
 * Resolves true when everything finished inside the timeout.
 */
export async function shutdown(deps: ShutdownDeps, signal: string): Promise<boolean> {
  const { state, logger } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? Date.now;
  const started = now();
  const deadline = started + deps.timeoutMs;
  const within = async (work: Promise<unknown>, until: number): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(
        () => {
          resolve(false);
        },
        Math.max(0, until - now()),
      );
    });
    try {
      return await Promise.race([work.then(() => true), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  logger.info({ signal, delayMs: deps.delayMs, timeoutMs: deps.timeoutMs }, "shutting down");
  state.startDraining();
  await sleep(deps.delayMs);
  state.close();
  let finished = await within(state.idle(), deadline - flushReserveMs(deps.timeoutMs, deps.delayMs));
  if (!finished) {
    logger.warn({ active: state.active }, "requests still running at shutdown; closing their connections");
    deps.cutConnections();
  }
  const flushed = await within(deps.flush(), deadline);
  if (!flushed) logger.error({ inflightBytes: state.inflightBytes }, "flush did not finish in time");
  const disconnected = await within(deps.disconnect(), deadline);
  const quietUntil = Math.min(deadline, now() + QUIET_MAX_MS) - QUIET_MS;
  while (state.quietMs < QUIET_MS && now() < quietUntil) await sleep(QUIET_MS - state.quietMs);
  const closed = await within(deps.closeServer(), deadline);
  finished = finished && flushed && disconnected && closed;
  if (finished) logger.info({ ms: now() - started }, "shutdown complete");
  else logger.error({ active: state.active, flushed, disconnected, closed }, "shutdown incomplete");
  return finished;
}
