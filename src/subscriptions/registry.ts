/**
 * The process's poll loops, one per (caller, watched object): a subscriber joins the loop of its own
 * credentials and object, or starts it. Callers are told apart by an HMAC of their Authorization and
 * Workspace-Id under a key made at start-up, so a loop never serves one caller another's data, and no
 * token sits in a map key or anything that could be logged.
 */
import type { CallerCredentials } from '../credentials';
import { createCallerDigest } from './callerDigest';
import { PollLoop, type PollEvent, type PollSettings, type Watch } from './loop';

export class PollRegistry {
  private readonly loops = new Map<string, PollLoop<unknown>>();
  private readonly callerDigest = createCallerDigest();

  constructor(private readonly settings: PollSettings) {}

  /** The events of `watch` for this caller, from the loop it shares with the caller's other subscribers. */
  subscribe<T>(credentials: CallerCredentials, watch: Watch<T>): AsyncIterableIterator<PollEvent<T>> {
    const key = `${this.callerDigest(credentials)} ${watch.path}`;
    const running = this.loops.get(key) as PollLoop<T> | undefined;
    if (running) return running.join();
    const loop: PollLoop<T> = new PollLoop(watch, this.settings, () => {
      // A stopped loop's key may already name its successor.
      if (this.loops.get(key) === loop) this.loops.delete(key);
    });
    this.loops.set(key, loop as PollLoop<unknown>);
    const events = loop.join();
    loop.start();
    return events;
  }

  /** Loops running now (each costs upstream requests; subscribers do not). */
  get loopCount(): number {
    return this.loops.size;
  }

  /** Subscribers of all loops. */
  get subscriberCount(): number {
    let count = 0;
    for (const loop of this.loops.values()) count += loop.subscriberCount;
    return count;
  }

  /** Ends every subscription (shutdown). */
  stopAll(): void {
    for (const loop of [...this.loops.values()]) loop.stop();
  }
}
