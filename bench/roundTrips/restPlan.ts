/**
 * The REST requests a GraphQL operation stands for, read from the demo upstream's log after the gateway
 * ran it once, grouped into dependency levels: a direct REST client replays level by level (a level
 * waits for the previous one; the requests within a level run concurrently).
 */
import type { DemoUpstream, UpstreamRequestLogEntry } from '../../demo/src/server';

/** Request targets (path and query string), one array per level. */
export type RestPlan = string[][];

type TimedEntry = Pick<UpstreamRequestLogEntry, 'method' | 'path' | 'query' | 'startedAt' | 'finishedAt'>;

/** The request target of a logged request; the log keeps the query decoded, so it is encoded again. */
export function targetOf(entry: Pick<UpstreamRequestLogEntry, 'path' | 'query'>): string {
  const search = new URLSearchParams(entry.query).toString();
  return search === '' ? entry.path : `${entry.path}?${search}`;
}

/**
 * A request's level is one more than the highest level among the requests that had been answered when
 * it arrived (0 if none had): a request can only depend on answers the gateway already had. Recorded
 * under an injected upstream delay, requests of one level arrive well before any of them is answered,
 * so the grouping does not depend on how fast the machine is.
 */
export function levelsOf(entries: readonly TimedEntry[]): RestPlan {
  const sorted = [...entries].sort((x, y) => x.startedAt - y.startedAt);
  const levels: number[] = [];
  const plan: RestPlan = [];
  sorted.forEach((entry, index) => {
    if (entry.method !== 'GET') throw new Error(`the bench replays GETs only, the gateway sent ${entry.method} ${entry.path}`);
    let level = 0;
    for (let earlier = 0; earlier < index; earlier += 1) {
      const before = sorted[earlier]!;
      if (before.finishedAt > 0 && before.finishedAt <= entry.startedAt) level = Math.max(level, levels[earlier]! + 1);
    }
    levels.push(level);
    (plan[level] ??= []).push(targetOf(entry));
  });
  return plan;
}

export function requestCount(plan: RestPlan): number {
  return plan.reduce((sum, level) => sum + level.length, 0);
}

/** Upstream latency while a plan is recorded: it separates the levels in time (see levelsOf). */
export const RECORDING_DELAY_MS = 25;

/**
 * Runs the gateway's operation twice and records the second: the first may fill per-process state
 * (connections, caches) that a measured operation would find already filled.
 */
export async function recordGatewayPlan(upstream: DemoUpstream, runOnGateway: () => Promise<string | undefined>): Promise<RestPlan> {
  upstream.setDelayMs(RECORDING_DELAY_MS);
  try {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      upstream.clearLog();
      const failure = await runOnGateway();
      if (failure !== undefined) throw new Error(`recording a request plan: the gateway answered ${failure}`);
    }
    return levelsOf(upstream.requests);
  } finally {
    upstream.setDelayMs(0);
    upstream.clearLog();
  }
}
