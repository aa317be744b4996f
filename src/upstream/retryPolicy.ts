/**
 * When an upstream call may be tried again, and after how long. Only idempotent reads (GET) are ever
 * retried, and only when the upstream most likely never acted on them or asked us to come back:
 * a connection reset before the response, 502/503/504, or 429. Waits are capped exponential backoff
 * with full jitter, or the upstream's Retry-After when it is within the cap.
 */
export interface RetryOptions {
  /** Attempts per call, the first included (1 disables retries). */
  maxAttempts: number;
  /** Backoff before the first retry, before jitter (doubles per retry). */
  baseDelayMs: number;
  /** Largest backoff before jitter. */
  maxDelayMs: number;
  /** Longest Retry-After the gateway waits for; a longer one fails the call at once. */
  retryAfterMaxMs: number;
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Full jitter: a uniform wait in [0, min(max, base * 2^(retry-1))). `retry` counts from 1. */
export function backoffDelayMs(retry: number, options: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Reads a Retry-After header (RFC 9110: delay-seconds or an HTTP-date) as milliseconds from `nowMs`
 * (wall-clock epoch ms). Undefined when absent or unreadable; a date in the past is 0.
 */
export function parseRetryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw), 1e9) * 1000;
  // An HTTP-date always names its weekday and zone; refuse anything Date.parse would merely guess at.
  if (!/^[A-Za-z]{3},\s.*\bGMT$/.test(raw)) return undefined;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

type RetryPlan = { retry: true; delayMs: number } | { retry: false; reason: 'not-retryable' | 'attempts-exhausted' | 'retry-after-too-long' };

/**
 * Decides about one failed attempt of an idempotent call. `retryAfterMs` is the upstream's own
 * Retry-After (already parsed), `retry` the number of the retry that would follow (1 = first retry).
 */
export function planRetry(
  failure: { retryable: boolean; retryAfterMs?: number },
  retry: number,
  options: RetryOptions,
  random: () => number,
): RetryPlan {
  if (!failure.retryable) return { retry: false, reason: 'not-retryable' };
  if (retry >= options.maxAttempts) return { retry: false, reason: 'attempts-exhausted' };
  if (failure.retryAfterMs !== undefined) {
    if (failure.retryAfterMs > options.retryAfterMaxMs) return { retry: false, reason: 'retry-after-too-long' };
    return { retry: true, delayMs: failure.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelayMs(retry, options, random) };
}
