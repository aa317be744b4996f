/**
 * How many subscriptions may be open: at most `perConnection` on one WebSocket (or one SSE stream) and
 * `perProcess` over all of them. A subscription takes a slot before it starts and gives it back when it
 * ends, however it ends (completed, unsubscribed, its connection closed); a refused one costs nothing
 * upstream. The per-process bound keeps one replica's poll loops, sockets and memory within what it
 * was sized for, whatever clients do.
 */
import { EventEmitter } from 'node:events';
import type { GraphQLError } from 'graphql';
import { gatewayError, ErrorCode } from '../errors';

export interface SlotLimits {
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION. */
  perConnection: number;
  /** MAX_SUBSCRIPTIONS_PER_PROCESS. */
  perProcess: number;
}

/** The subscriptions open on one connection, by their id on it. */
export class ConnectionSlots {
  private readonly held = new Set<string>();

  constructor(private readonly process: SubscriptionSlots) {}

  /** Takes a slot for subscription `id`; an error (TOO_MANY_SUBSCRIPTIONS) when a limit is reached. */
  take(id: string): GraphQLError | undefined {
    const refusal = this.process.refusal(this.held.size);
    if (refusal) return refusal;
    this.held.add(id);
    this.process.adjust(+1);
    return undefined;
  }

  /** Gives back the slot of `id`, if it holds one (twice is harmless). */
  release(id: string): void {
    if (this.held.delete(id)) this.process.adjust(-1);
  }

  /** Gives back every slot (the connection closed). */
  releaseAll(): void {
    for (const id of [...this.held]) this.release(id);
  }

  get size(): number {
    return this.held.size;
  }
}

/** Emits 'change' with the new count each time a subscription starts or ends (metrics, tests). */
export class SubscriptionSlots extends EventEmitter<{ change: [count: number] }> {
  private open = 0;

  constructor(private readonly limits: SlotLimits) {
    super();
  }

  /** A fresh count for one new connection. */
  connection(): ConnectionSlots {
    return new ConnectionSlots(this);
  }

  /** Subscriptions open now, over every connection and transport. */
  get count(): number {
    return this.open;
  }

  /** @internal ConnectionSlots' check before it takes a slot. */
  refusal(onConnection: number): GraphQLError | undefined {
    const { perConnection, perProcess } = this.limits;
    if (onConnection >= perConnection) {
      return gatewayError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, `A connection may carry at most ${perConnection} subscriptions at once; complete one before starting another.`);
    }
    if (this.open >= perProcess) {
      return gatewayError(ErrorCode.TOO_MANY_SUBSCRIPTIONS, 'The gateway carries as many subscriptions as it allows; retry later or on another instance.');
    }
    return undefined;
  }

  /** @internal */
  adjust(by: number): void {
    this.open += by;
    this.emit('change', this.open);
  }
}

/**
 * Connections known by a key (SSE's reserved streams, by token), each with its own count; a key's count
 * is kept only while it holds slots. A null key is a connection of its own (one SSE request).
 */
export class KeyedConnections {
  private readonly byKey = new Map<string, ConnectionSlots>();

  constructor(private readonly slots: SubscriptionSlots) {}

  /** A slot for operation `id` on connection `key`: the function that gives it back, or why not. */
  take(key: string | null, id: string): (() => void) | GraphQLError {
    const connection = (key !== null && this.byKey.get(key)) || this.slots.connection();
    const refusal = connection.take(id);
    if (refusal) return refusal;
    if (key !== null) this.byKey.set(key, connection);
    return () => {
      connection.release(id);
      if (key !== null && connection.size === 0 && this.byKey.get(key) === connection) this.byKey.delete(key);
    };
  }
}
