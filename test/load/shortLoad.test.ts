/**
 * The CI version of `npm run load` (bench/load.ts): a few seconds of concurrent dashboard queries
 * against the gateway and the demo upstream. It asserts what must hold under any load (every answer
 * is a 200 with data and no GraphQL error, no 5xx, no transport error), never a timing or a memory
 * figure: those come from the longer run by hand, recorded in docs/performance.md.
 */
import { runLoad } from '../../bench/load';

it('answers every concurrent dashboard query with data: no 5xx, no errors, no GraphQL errors', async () => {
  const report = await runLoad({ seconds: 3, phases: 1, connections: 8, warmupSeconds: 1, calmDownMs: 0 });
  expect(report.requests).toBeGreaterThan(0);
  expect({
    non2xx: report.non2xx,
    status5xx: report.status5xx,
    errors: report.errors,
    graphqlErrors: report.graphqlErrors,
  }).toEqual({ non2xx: 0, status5xx: 0, errors: 0, graphqlErrors: 0 });
});
