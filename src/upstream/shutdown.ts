/**
 * The upstream client's shutdown switch. When the gateway's grace period ends, `fire()` aborts every
 * upstream call, body read and retry wait still in flight, and refuses new ones: their resolvers fail
 * with a clear error at once, so callers get a GraphQL answer instead of a hung-up connection, and the
 * connection pool can close without waiting for an upstream that may never answer.
 */
import { setMaxListeners } from 'node:events';

/** The abort reason of calls cut by the shutdown (transportFailure.ts classifies it by name). */
export class GatewayShutdownError extends Error {
  override readonly name = 'GatewayShutdownError';

  constructor() {
    super('The gateway is shutting down.');
  }
}

/** A signal for one call, and the way to stop listening once the call is over. */
export interface LinkedSignal {
  signal: AbortSignal;
  dispose(): void;
}

export class ShutdownSwitch {
  private readonly controller = new AbortController();

  constructor() {
    // Every call in flight listens on it.
    setMaxListeners(0, this.controller.signal);
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }

  fire(): void {
    if (!this.fired) this.controller.abort(new GatewayShutdownError());
  }

  /**
   * A signal that aborts when `operation` (the operation's deadline) does or when the switch fires,
   * with that source's reason. Plain listeners removed by `dispose`, rather than AbortSignal.any, so
   * that nothing of a finished call stays attached to the long-lived shutdown signal.
   */
  link(operation: AbortSignal | undefined): LinkedSignal {
    const controller = new AbortController();
    const sources = operation ? [operation, this.controller.signal] : [this.controller.signal];
    const onAbort = (event: Event) => controller.abort((event.target as AbortSignal).reason);
    const dispose = () => sources.forEach((source) => source.removeEventListener('abort', onAbort));
    const already = sources.find((source) => source.aborted);
    if (already) controller.abort(already.reason);
    else sources.forEach((source) => source.addEventListener('abort', onAbort, { once: true }));
    return { signal: controller.signal, dispose };
  }
}
