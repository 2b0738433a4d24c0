import type { Logger } from "pino";
import type { ServiceState } from "./state.js";

export interface ShutdownDeps {
  readonly state: ServiceState;
  readonly logger: Logger;
  readonly delayMs: number;
  readonly timeoutMs: number;
  /** Stops accepting connections; resolves when the server has closed. */
  readonly closeServer: () => Promise<void>;
  /** Ends the connections still open (idle keep-alive sockets) once nothing is in flight. */
  readonly closeConnections: () => void;
  /** Sends everything buffered and waits for Kafka's acknowledgements. */
  readonly flush: () => Promise<void>;
  readonly disconnect: () => Promise<void>;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The documented order: readiness fails -> wait the delay (load balancers stop routing) -> stop accepting
 * -> finish in-flight requests -> flush the batcher -> disconnect the producer. Resolves true when it all
 * finished inside the timeout, false when the timeout cut it short.
 */
export async function shutdown(deps: ShutdownDeps, signal: string): Promise<boolean> {
  const { state, logger } = deps;
  const sleep = deps.sleep ?? defaultSleep;
  const started = Date.now();
  logger.info({ signal, delayMs: deps.delayMs, timeoutMs: deps.timeoutMs }, "shutting down");
  const steps = async (): Promise<true> => {
    state.startDraining();
    await sleep(deps.delayMs);
    state.close();
    const closing = deps.closeServer();
    await state.idle();
    await deps.flush();
    await deps.disconnect();
    deps.closeConnections();
    await closing;
    return true;
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, deps.timeoutMs);
  });
  const done = await Promise.race([steps(), timeout]);
  clearTimeout(timer);
  if (done) logger.info({ ms: Date.now() - started }, "shutdown complete");
  else logger.error({ active: state.active, inflightBytes: state.inflightBytes }, "shutdown timed out");
  return done;
}
