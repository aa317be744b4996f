/**
 * Rounds of the cost report (src/observability/costReport.ts): the longest chain of requests in which
 * each starts at or after the end of the one before, computed from clock readings alone.
 */
import { buildCostReport, roundsOf, type HeardAttempt } from '../../src/observability/costReport';

/** An attempt heard from `startedAt` to `endedAt` (unfinished when endedAt is undefined). */
function heard(startedAt: number, endedAt?: number, route = '/api/v1/syncs'): HeardAttempt {
  return {
    start: { method: 'GET', route, attempt: 1, requestId: 'r' },
    startedAt,
    ...(endedAt === undefined ? {} : { endedAt, end: { status: 200, outcome: 'ok', bytes: 10, durationMs: endedAt - startedAt } }),
  };
}

describe('roundsOf', () => {
  it('puts requests that overlap in one round, and a request that starts after another ended in the next', () => {
    expect(roundsOf([heard(0, 10), heard(1, 12), heard(2, 9)])).toEqual([1, 1, 1]);
    expect(roundsOf([heard(0, 10), heard(10, 20), heard(21, 30)])).toEqual([1, 2, 3]);
  });

  it('follows the longest chain, not the latest start: a short request and its follower beside a long one', () => {
    // 0-5 then 6-8 then 9-12 (three rounds), while 0-30 runs beside them; 31-40 follows everything.
    expect(roundsOf([heard(0, 30), heard(0, 5), heard(6, 8), heard(9, 12), heard(31, 40)])).toEqual([1, 1, 2, 3, 4]);
  });

  it('lets nothing follow an unfinished request', () => {
    expect(roundsOf([heard(0), heard(5, 6), heard(7, 8)])).toEqual([1, 1, 2]);
  });
});

describe('buildCostReport', () => {
  it('sorts by start, offsets from the origin to a tenth of a millisecond, and sums the totals', () => {
    const report = buildCostReport([heard(120.04, 130), heard(100.26, 110.3, '/api/v1/syncs/{id}'), heard(131)], [{ read: { route: '/api/v1/syncs/{id}', how: 'cached' }, at: 135 }], 100, 140);
    expect(report.requests.map((e) => [e.route, e.startOffsetMs, e.durationMs, e.status, e.outcome, e.round])).toEqual([
      ['/api/v1/syncs/{id}', 0.3, 10, 200, 'ok', 1],
      ['/api/v1/syncs', 20, 10, 200, 'ok', 2],
      ['/api/v1/syncs', 31, null, null, 'unfinished', 3],
    ]);
    expect(report.served).toEqual([{ route: '/api/v1/syncs/{id}', page: null, perPage: null, how: 'cached', atOffsetMs: 35 }]);
    expect(report.totals).toEqual({ requests: 3, rounds: 3, bytes: 20, retries: 0, deduplicated: 0, cached: 1, executionMs: 40 });
  });

  it('reports zero rounds for an operation without upstream requests', () => {
    expect(buildCostReport([], [], 0, 1).totals).toMatchObject({ requests: 0, rounds: 0, bytes: 0 });
  });
});
