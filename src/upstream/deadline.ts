/**
 * The per-operation deadline: one AbortSignal shared by every upstream call, retry wait and body read
 * of a GraphQL operation, plus the wall-clock time at which it fires (so retries never plan a wait
 * past it). Its timer is unref'd: it never keeps the process alive.
 */
import { setMaxListeners } from 'node:events';

export interface OperationDeadline {
  signal: AbortSignal;
  /** Date.now() value at which `signal` aborts (with a TimeoutError). */
  deadlineAt: number;
}

export function startOperationDeadline(timeoutMs: number): OperationDeadline {
  const signal = AbortSignal.timeout(timeoutMs);
  // Each in-flight upstream call listens on it; a wide query has far more than the default 10.
  setMaxListeners(0, signal);
  return { signal, deadlineAt: Date.now() + timeoutMs };
}
