/**
 * One client connection of a subscription transport (a WebSocket): the subscriptions it holds, counted
 * against the per-connection and per-process limits, and its idle timer. A connection that carries no
 * subscription for SUBSCRIPTION_IDLE_TIMEOUT_MS is closed, so sockets a client opened and forgot don't
 * pile up on a replica: each costs a file descriptor and buffers, and keeps a load balancer's
 * connection open.
 */
import type { GraphQLError } from 'graphql';
import type { PollTimer } from './timer';
import type { ConnectionSlots, SubscriptionSlots } from './slots';

export interface SessionSettings {
  slots: SubscriptionSlots;
  /** SUBSCRIPTION_IDLE_TIMEOUT_MS. */
  idleTimeoutMs: number;
  /** When the idle timeout fires (tests fire it by hand). */
  timer: PollTimer;
}

export class Session {
  private readonly held: ConnectionSlots;
  private cancelIdle: (() => void) | undefined;
  private ended = false;

  /** `onIdle` closes the connection. */
  constructor(
    private readonly settings: SessionSettings,
    private readonly onIdle: () => void,
  ) {
    this.held = settings.slots.connection();
    this.armIdle();
  }

  /** Takes a slot for subscription `id`, or tells why it may not start (TOO_MANY_SUBSCRIPTIONS). */
  start(id: string): GraphQLError | undefined {
    const refusal = this.held.take(id);
    if (!refusal) this.disarmIdle();
    return refusal;
  }

  /** Subscription `id` ended; the last one to end starts the idle timer. */
  finish(id: string): void {
    this.held.release(id);
    if (this.held.size === 0) this.armIdle();
  }

  /** The connection closed: every slot goes back, and no timer is left behind. */
  end(): void {
    this.ended = true;
    this.disarmIdle();
    this.held.releaseAll();
  }

  private armIdle(): void {
    if (this.ended || this.cancelIdle) return;
    this.cancelIdle = this.settings.timer.schedule(this.settings.idleTimeoutMs, async () => {
      this.cancelIdle = undefined;
      if (!this.ended && this.held.size === 0) this.onIdle();
    });
  }

  private disarmIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = undefined;
  }
}
