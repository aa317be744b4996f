/**
 * The upstream cost report a developer asks for with `X-Upstream-Report: 1` (COST_REPORT on): what the
 * operation cost the REST API, as `extensions.upstream` of its response. This module is the JSON shape
 * and how it is computed from what a collector heard; costCollector.ts hears it, costReportPlugin.ts
 * attaches it. Like everything observers hear, it holds route templates only: no token, origin, query
 * string or id.
 */
import type { UpstreamAttemptEnd, UpstreamAttemptStart, UpstreamReadServed } from './upstreamEvents';

/** One attempt that went on the wire, in start order. */
export interface UpstreamRequestEntry {
  method: UpstreamAttemptStart['method'];
  /** Route template, e.g. `/api/v1/syncs/{id}/sync_runs`. */
  route: string;
  page: number | null;
  perPage: number | null;
  /** HTTP status; null when no response head arrived (transport failure) or the attempt is unfinished. */
  status: number | null;
  outcome: UpstreamAttemptEnd['outcome'] | 'unfinished';
  /** When the attempt started, from the start of the operation's execution, ms. */
  startOffsetMs: number;
  /** Null while unfinished when the response was sent. */
  durationMs: number | null;
  /** Response body bytes. */
  bytes: number;
  /** 1 for a first attempt, 2 for the first retry, … */
  attempt: number;
  /** For a retry: why the attempt before it was retried (`status_503`, `reset`, `headers-timeout`, …). */
  retryCause: string | null;
  /** The longest chain of requests, each starting after the previous one ended, that ends with this one. */
  round: number;
}

/** A read the request's loaders answered without a request. */
export interface UpstreamServedEntry {
  route: string;
  page: number | null;
  perPage: number | null;
  /** `deduplicated`: the same read was in flight; `cached`: it had finished, or a list had primed it. */
  how: UpstreamReadServed['how'];
  atOffsetMs: number;
}

export interface UpstreamCostTotals {
  /** Attempts on the wire, retries included (= requests.length). */
  requests: number;
  /** The largest `round`: upstream latencies the operation waited for one after another. */
  rounds: number;
  /** Response body bytes, summed over every attempt. */
  bytes: number;
  /** Attempts with attempt > 1. */
  retries: number;
  deduplicated: number;
  cached: number;
  /** From the start of execution to the moment the report was made (the response ready), ms. */
  executionMs: number;
}

export interface UpstreamCostReport {
  requests: UpstreamRequestEntry[];
  served: UpstreamServedEntry[];
  totals: UpstreamCostTotals;
}

/** What the collector keeps of an attempt: clock readings (performance.now()) rather than offsets. */
export interface HeardAttempt {
  start: UpstreamAttemptStart;
  startedAt: number;
  end?: UpstreamAttemptEnd;
  endedAt?: number;
}

export interface HeardRead {
  read: UpstreamReadServed;
  at: number;
}

/** Offsets and durations to a tenth of a millisecond: finer is noise, and it keeps the JSON short. */
function ms(value: number): number {
  return Math.round(value * 10) / 10;
}

export function buildCostReport(attempts: readonly HeardAttempt[], reads: readonly HeardRead[], origin: number, now: number): UpstreamCostReport {
  const ordered = [...attempts].sort((a, b) => a.startedAt - b.startedAt);
  const rounds = roundsOf(ordered);
  const requests = ordered.map((heard, index): UpstreamRequestEntry => {
    const { start, end } = heard;
    return {
      method: start.method,
      route: start.route,
      page: start.page ?? null,
      perPage: start.perPage ?? null,
      status: end?.status ?? null,
      outcome: end ? end.outcome : 'unfinished',
      startOffsetMs: ms(heard.startedAt - origin),
      durationMs: end ? ms(end.durationMs) : null,
      bytes: end?.bytes ?? 0,
      attempt: start.attempt,
      retryCause: start.retryCause ?? null,
      round: rounds[index] ?? 1,
    };
  });
  const served = reads.map(({ read, at }): UpstreamServedEntry => ({ route: read.route, page: read.page ?? null, perPage: read.perPage ?? null, how: read.how, atOffsetMs: ms(at - origin) }));
  return {
    requests,
    served,
    totals: {
      requests: requests.length,
      rounds: Math.max(0, ...rounds),
      bytes: requests.reduce((sum, entry) => sum + entry.bytes, 0),
      retries: requests.filter((entry) => entry.attempt > 1).length,
      deduplicated: served.filter((entry) => entry.how === 'deduplicated').length,
      cached: served.filter((entry) => entry.how === 'cached').length,
      executionMs: ms(now - origin),
    },
  };
}

/**
 * The round of each attempt (sorted by start): 1 plus the largest round of the attempts that ended
 * before it started. A request that waited for another's answer (a child for its parent, a retry for
 * the attempt it repeats) always starts after that one ended, so the largest round is the number of
 * upstream latencies the operation paid in sequence. Unfinished attempts precede nothing.
 */
export function roundsOf(ordered: readonly HeardAttempt[]): number[] {
  const rounds: number[] = [];
  ordered.forEach((attempt, index) => {
    let before = 0;
    for (let j = 0; j < index; j++) {
      const earlier = ordered[j] as HeardAttempt;
      if (earlier.endedAt !== undefined && earlier.endedAt <= attempt.startedAt) before = Math.max(before, rounds[j] ?? 0);
    }
    rounds.push(before + 1);
  });
  return rounds;
}
