import { BoundedLabel, isPlainOperationName, isRouteTemplate, retryCauseLabel, statusLabel } from '../../src/observability/boundedLabel';

describe('bounded metric labels', () => {
  it('keep operation names that are short GraphQL names without ids or tokens', () => {
    expect(['SyncsDashboard', 'FailedRecords', 'ReportQ4', 'Stats2025', '_private'].filter(isPlainOperationName)).toEqual(['SyncsDashboard', 'FailedRecords', 'ReportQ4', 'Stats2025', '_private']);
    const refused = ['Sync12345', 'tok_9fA3kQ27xZ81mB40', 'ghp_a1b2c3d4e5', 'A'.repeat(65), 'two words', 'Bearer abc', '9lives', ''];
    expect(refused.filter(isPlainOperationName)).toEqual([]);
  });

  it('keep at most the given number of distinct values, then answer other', () => {
    const label = new BoundedLabel(isPlainOperationName, 3);
    expect(['A', 'B', 'A', 'C', 'D', 'B', 'Sync12345'].map((name) => label.of(name))).toEqual(['A', 'B', 'A', 'C', 'other', 'B', 'other']);
  });

  it('keep route templates only, and bound statuses and retry causes', () => {
    expect(isRouteTemplate('/api/v1/syncs/{id}/sync_runs')).toBe(true);
    expect(['/api/v1/syncs/12', '/api/v1/syncs?page=2', '/api/v1/Syncs', `/api${'/x'.repeat(9)}`, ''].filter(isRouteTemplate)).toEqual([]);
    expect([200, 503, undefined, 0, 600, 20.5].map(statusLabel)).toEqual(['200', '503', 'none', 'none', 'none', 'none']);
    expect(['status_503', 'reset', 'connect-timeout', 'status_5030', 'Bearer x', undefined].map(retryCauseLabel)).toEqual(['status_503', 'reset', 'connect-timeout', 'other', 'other', 'other']);
  });
});
