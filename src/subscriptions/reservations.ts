/**
 * The event streams reserved in graphql-sse's "single connection" mode, each tied to the caller that
 * reserved it. graphql-sse trusts the token alone, so whoever learned a token could read another caller's
 * stream or add operations to it: here a token is honoured only with the credentials that reserved it,
 * compared as an HMAC (as the poll registry tells callers apart), so no token sits in a map. A reservation
 * whose stream is not opened within RESERVATION_TTL_MS expires: graphql-sse would keep it forever.
 */
import type { CallerCredentials } from '../credentials';
import { createCallerDigest } from './callerDigest';
import type { PollTimer } from './timer';

/** How long a reserved stream may wait for its GET, ms. */
export const RESERVATION_TTL_MS = 30_000;

interface Reservation {
  caller: string;
  /** Cancels the expiry; undefined once the stream is open. */
  cancelExpiry: (() => void) | undefined;
}

export class StreamReservations {
  private readonly reservations = new Map<string, Reservation>();
  private readonly digest = createCallerDigest();

  /** `expire` disposes of graphql-sse's stream for a token whose reservation lapsed. */
  constructor(
    private readonly timer: PollTimer,
    private readonly expire: (token: string) => Promise<void>,
  ) {}

  /** The caller's digest: equal for equal credentials, and nothing of the token in it. */
  callerOf(credentials: CallerCredentials): string {
    return this.digest(credentials);
  }

  reserve(token: string, caller: string): void {
    const cancelExpiry = this.timer.schedule(RESERVATION_TTL_MS, async () => {
      if (this.reservations.get(token)?.cancelExpiry === undefined) return;
      this.reservations.delete(token);
      await this.expire(token);
    });
    this.reservations.set(token, { caller, cancelExpiry });
  }

  isHeldBy(token: string, caller: string): boolean {
    return this.reservations.get(token)?.caller === caller;
  }

  /** The stream is open: it lasts as long as its response, no longer on a timer. */
  opened(token: string): void {
    const reservation = this.reservations.get(token);
    reservation?.cancelExpiry?.();
    if (reservation) reservation.cancelExpiry = undefined;
  }

  /** The stream's response ended (graphql-sse forgot the token too). */
  release(token: string): void {
    this.reservations.get(token)?.cancelExpiry?.();
    this.reservations.delete(token);
  }

  /** Reservations held now, open or waiting. */
  get count(): number {
    return this.reservations.size;
  }

  /** Shutdown: no expiry stays scheduled. */
  clear(): void {
    for (const token of [...this.reservations.keys()]) this.release(token);
  }
}
