/**
 * The pure parts of `npm run bench` (bench/roundTrips/): grouping logged requests into dependency
 * levels, reading /proc, percentiles, and judging targets. The bench itself is run by hand.
 */
import type { CellResult, GatewaySideResult, SideResult } from '../../bench/roundTrips/cell';
import { percentile } from '../../bench/roundTrips/driver';
import { modeEnv, selectModes } from '../../bench/roundTrips/modes';
import { cpuTicksFromStat, statusFieldMb } from '../../bench/roundTrips/procStats';
import { levelsOf, targetOf } from '../../bench/roundTrips/restPlan';
import { evaluateTargets } from '../../bench/roundTrips/targets';

const get = (path: string, startedAt: number, finishedAt: number, query: Record<string, string> = {}) => ({
  method: 'GET',
  path,
  query,
  startedAt,
  finishedAt,
});

describe('levelsOf', () => {
  it('puts a request one level below the deepest request answered before it arrived', () => {
    const plan = levelsOf([
      get('/syncs', 0, 25),
      get('/syncs/1/runs', 26, 51),
      get('/syncs/2/runs', 27, 52),
      // Arrives after /syncs/1/runs was answered but before /syncs/2/runs was: still level 2.
      get('/runs/9/records', 51.5, 77),
      get('/runs/8/records', 53, 78),
    ]);
    expect(plan).toEqual([['/syncs'], ['/syncs/1/runs', '/syncs/2/runs'], ['/runs/9/records', '/runs/8/records']]);
  });

  it('keeps concurrent requests in one level whatever their log order', () => {
    expect(levelsOf([get('/b', 2, 30), get('/a', 1, 29)])).toEqual([['/a', '/b']]);
  });

  it('refuses anything but GET (the REST side replays reads only)', () => {
    expect(() => levelsOf([{ ...get('/syncs', 0, 1), method: 'POST' }])).toThrow(/GETs only/);
  });
});

describe('targetOf', () => {
  it('encodes the decoded query again, in order', () => {
    expect(targetOf({ path: '/api/v1/syncs', query: { page: '1', per_page: '21' } })).toBe('/api/v1/syncs?page=1&per_page=21');
    expect(targetOf({ path: '/x', query: { q: 'a b&c' } })).toBe('/x?q=a+b%26c');
    expect(targetOf({ path: '/api/v1/syncs/3', query: {} })).toBe('/api/v1/syncs/3');
  });
});

describe('/proc parsing', () => {
  it('reads utime + stime after the command name, even one with spaces and parentheses', () => {
    const stat = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 56 0 0 20 0 11 0 100 1000000 5000';
    expect(cpuTicksFromStat(stat)).toBe(1234 + 56);
  });

  it('reads VmRSS and VmHWM in MB', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(statusFieldMb(status, 'VmRSS')).toBe(100);
    expect(statusFieldMb(status, 'VmHWM')).toBe(200);
    expect(() => statusFieldMb('Name:\tnode\n', 'VmRSS')).toThrow(/VmRSS/);
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });
});

describe('evaluateTargets', () => {
  const side = (overrides: Partial<SideResult> = {}): SideResult => ({
    operations: 1000,
    opsPerSecond: 100,
    p50Ms: 10,
    p99Ms: 20,
    upstreamRequestsPerOp: 1,
    errors: 0,
    errorSamples: [],
    ...overrides,
  });
  const gateway = (overrides: Partial<GatewaySideResult> = {}): GatewaySideResult => ({
    ...side(),
    cpuMsPerOp: 0.1,
    peakRssMb: 100,
    peakRssScope: 'cell',
    ...overrides,
  });
  const cell = (op: CellResult['op'], concurrency: number, latencyMs: number, g: Partial<GatewaySideResult> = {}, r: Partial<SideResult> = {}): CellResult => ({
    op,
    concurrency,
    latencyMs,
    rest: side(r),
    gateway: gateway(g),
  });

  it('judges each target on its own cell, with the figures in the detail', () => {
    const verdicts = evaluateTargets([
      cell('a', 1, 0, { opsPerSecond: 30 }, { opsPerSecond: 100 }),
      cell('a', 10, 0, { cpuMsPerOp: 0.2 }),
      cell('c', 10, 0, { cpuMsPerOp: 1.5, upstreamRequestsPerOp: 3 }),
      cell('c', 1, 20, { p50Ms: 23 }, { p50Ms: 21 }),
      cell('c', 50, 0, { peakRssMb: 150 }),
      cell('d', 10, 0, { cpuMsPerOp: 2 }),
      cell('d', 1, 50, { p50Ms: 160, upstreamRequestsPerOp: 39, errors: 2 }),
    ]);
    expect(verdicts.map((v) => v.met)).toEqual([false, true, true, true, false, true, false, true, false]);
    expect(verdicts[0]!.detail).toContain('3.00');
    expect(verdicts[6]!.detail).toContain('30 %');
    expect(verdicts[8]!.detail).toBe('REST 0, gateway 2 over every cell');
  });

  it('reports a target whose cell was not measured as missed (all but "zero errors")', () => {
    expect(evaluateTargets([]).filter((v) => !v.met && v.detail === 'cell not measured')).toHaveLength(8);
  });
});

describe('observability modes of the bench', () => {
  it('start the gateway with metrics and tracing as each mode says', () => {
    expect(selectModes({})).toEqual(['off']);
    expect(selectModes({ BENCH_MODES: 'off, tracing,tracing+metrics' })).toEqual(['off', 'tracing', 'tracing+metrics']);
    expect(() => selectModes({ BENCH_MODES: 'off,everything' })).toThrow('BENCH_MODES takes off, metrics, tracing, tracing+metrics; got everything');
    expect(modeEnv('off', 'http://127.0.0.1:1')).toEqual({ METRICS: 'false' });
    expect(modeEnv('tracing', 'http://127.0.0.1:1')).toEqual({ METRICS: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    expect(modeEnv('tracing+metrics', 'http://127.0.0.1:1')).toEqual({ METRICS: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
  });
});
