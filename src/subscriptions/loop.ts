/**
 * One poll loop: polls one upstream object for one caller, and tells every subscriber when the object
 * changed. Polls come every `intervalMs` while the object changes; each poll that finds nothing new
 * doubles the wait, up to `maxIntervalMs`. The loop stops when its last subscriber leaves, when the
 * object reaches a final state, or on an error no later poll can fix (the caller's credentials are
 * refused, the object is gone); its subscribers then complete.
 */
import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError, isGatewayError } from '../errors';
import { createFeed, type FeedSink } from './feed';
import type { PollTimer } from './timer';

/** What a subscriber receives: the object as it now is, or why it could not be read this time. */
export type PollEvent<T> = { value: T } | { error: GraphQLError };

/** What one subscription watches. */
export interface Watch<T> {
  /** The object's upstream path; with the caller, it names the loop. */
  readonly path: string;
  /** Reads the object fresh (never from an earlier poll); throws the gateway's errors. */
  fetch(): Promise<T>;
  /** The fields whose change is news, as one comparable string. */
  fingerprint(value: T): string;
  /** Whether the object will not change any more (a finished run). */
  isFinal(value: T): boolean;
}

export interface PollSettings {
  timer: PollTimer;
  /** SUBSCRIPTION_POLL_MS: the wait after a poll that found a change. */
  intervalMs: number;
  /** SUBSCRIPTION_POLL_MAX_MS: the longest wait, reached while nothing changes. */
  maxIntervalMs: number;
  /** Told about an error that is not the gateway's own (a bug): the subscriber sees INTERNAL_SERVER_ERROR. */
  onUnexpectedError?: (error: unknown) => void;
}

/** Errors after which polling again cannot help. */
const FINAL_ERRORS: readonly string[] = [ErrorCode.UNAUTHENTICATED, ErrorCode.FORBIDDEN, ErrorCode.NOT_FOUND];

export class PollLoop<T> {
  private readonly sinks = new Set<FeedSink<PollEvent<T>>>();
  private latest: { value: T } | undefined;
  private fingerprint: string | undefined;
  private waitMs: number;
  private cancelNext: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly watch: Watch<T>,
    private readonly settings: PollSettings,
    private readonly onStop: () => void,
  ) {
    this.waitMs = settings.intervalMs;
  }

  /** A new subscriber: it gets the object's current state at once when a poll already read it. */
  join(): AsyncIterableIterator<PollEvent<T>> {
    const { sink, iterator } = createFeed<PollEvent<T>>(() => this.leave(sink));
    this.sinks.add(sink);
    if (this.latest) sink.push(this.latest);
    return iterator;
  }

  /** Polls at once (the first state), then on schedule. */
  start(): void {
    void this.poll();
  }

  get subscriberCount(): number {
    return this.sinks.size;
  }

  /** Ends every subscription of the loop and polls no more. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelNext?.();
    for (const sink of this.sinks) sink.end();
    this.sinks.clear();
    this.onStop();
  }

  private async poll(): Promise<void> {
    this.cancelNext = undefined;
    const outcome = await this.read();
    if (this.stopped) return;
    if ('error' in outcome) {
      this.broadcast(outcome);
      if (FINAL_ERRORS.includes(String(outcome.error.extensions.code))) return this.stop();
      return this.scheduleNext(false);
    }
    const fingerprint = this.watch.fingerprint(outcome.value);
    const changed = fingerprint !== this.fingerprint;
    this.fingerprint = fingerprint;
    if (changed) {
      this.latest = outcome;
      this.broadcast(outcome);
    }
    if (this.watch.isFinal(outcome.value)) return this.stop();
    this.scheduleNext(changed);
  }

  private async read(): Promise<PollEvent<T>> {
    try {
      return { value: await this.watch.fetch() };
    } catch (error) {
      if (isGatewayError(error)) return { error };
      this.settings.onUnexpectedError?.(error);
      return { error: gatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'The gateway failed to read the object; the subscription goes on.') };
    }
  }

  private scheduleNext(changed: boolean): void {
    this.waitMs = changed ? this.settings.intervalMs : Math.min(this.waitMs * 2, this.settings.maxIntervalMs);
    this.cancelNext = this.settings.timer.schedule(this.waitMs, () => this.poll());
  }

  private broadcast(event: PollEvent<T>): void {
    for (const sink of this.sinks) sink.push(event);
  }

  private leave(sink: FeedSink<PollEvent<T>>): void {
    this.sinks.delete(sink);
    if (this.sinks.size === 0) this.stop();
  }
}
