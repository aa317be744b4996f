/**
 * Leaving a load balancer's rotation. Once draining begins (SIGTERM, before the listener closes),
 * `/readyz` answers 503 so health-checking load balancers stop sending new requests, and every response
 * still to be written carries `Connection: close`, so the keep-alive connections a load balancer or
 * client pools to this replica end after their current request and reconnect elsewhere.
 */
import type { ServerResponse } from 'node:http';

export class Draining {
  private started = false;
  /** Responses whose head is not written yet: they are told to close when draining begins. */
  private readonly pending = new Set<ServerResponse>();

  get active(): boolean {
    return this.started;
  }

  begin(): void {
    if (this.started) return;
    this.started = true;
    for (const res of this.pending) askToClose(res);
    this.pending.clear();
  }

  /** Called for every request as it arrives. */
  watch(res: ServerResponse): void {
    if (this.started) {
      askToClose(res);
      return;
    }
    this.pending.add(res);
    res.once('close', () => this.pending.delete(res));
  }
}

/** Node ends the connection after a response whose head says `Connection: close`. */
function askToClose(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
