/**
 * The event-stream responses being written: each body graphql-sse hands over is written chunk by chunk,
 * waiting for each write, until it ends or its client goes; shutdown ends them all and waits for the
 * last byte.
 */
import type { ServerResponse } from 'node:http';

type StreamBody = AsyncGenerator<string, void, undefined>;

export class EventStreamResponses {
  private readonly bodies = new Set<StreamBody>();
  private readonly writing = new Set<Promise<void>>();

  /** Writes `body` to `res` and ends `res`; `onEnd` runs after. */
  async send(res: ServerResponse, body: StreamBody, onEnd?: () => void): Promise<void> {
    const sending = this.pump(res, body).finally(() => {
      this.writing.delete(sending);
      onEnd?.();
    });
    this.writing.add(sending);
    await sending;
  }

  /**
   * Ends every stream. graphql-sse writes out what it already queued (each subscription's `complete`)
   * before its body ends.
   */
  async endAll(): Promise<void> {
    for (const body of this.bodies) void body.return(undefined);
    await Promise.all([...this.writing]);
  }

  private async pump(res: ServerResponse, body: StreamBody): Promise<void> {
    this.bodies.add(body);
    // graphql-sse's return() ends the stream's operations (their poll loops lose a subscriber).
    const stop = (): void => void body.return(undefined);
    res.once('close', stop);
    try {
      for await (const chunk of body) if (!(await write(res, chunk))) break;
    } finally {
      res.off('close', stop);
      this.bodies.delete(body);
      res.end();
    }
  }
}

/** Writes one chunk; false once the client is gone. */
function write(res: ServerResponse, chunk: string): Promise<boolean> {
  if (!res.writable) return Promise.resolve(false);
  return new Promise((resolve) => res.write(chunk, (error) => resolve(!error)));
}
