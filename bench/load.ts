/**
 * `npm run load`: a bounded load and soak run. The gateway and the demo upstream run in this process on
 * loopback; autocannon sends the README's syncs dashboard query for LOAD_SECONDS (30 by default) split
 * into phases of about 5 s; after each phase a forced GC (run under --expose-gc) and a one-second calm-down
 * give a sample of the memory at rest. It reports throughput, p50/p99 latency, the non-2xx, 5xx,
 * transport-error and GraphQL-error counts, the RSS (every second for the peak, and at rest) and the
 * linear-regression slopes of the RSS and the heap at rest; it exits non-zero on any 5xx, non-2xx or
 * error, or a slope above LOAD_MAX_RSS_SLOPE_MB_PER_MIN (20) or LOAD_MAX_HEAP_SLOPE_MB_PER_MIN (5). At
 * ~150 requests/s, 5 MB/min of heap is about 0.5 kB kept per request.
 *
 *   npm run load                                        # 15 s warm-up, then 30 s measured
 *   LOAD_SECONDS=600 LOAD_CONNECTIONS=64 npm run load   # a longer soak, by hand
 *
 * The first cycles of load grow the allocator's RSS by ~10 MB before it levels off; the warm-up
 * (LOAD_WARMUP_SECONDS, 15) keeps that out of the measured slope.
 */
import { Writable } from 'node:stream';
import autocannon from 'autocannon';
import { loadConfig, withUpstreamUrl } from '../src/config';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../demo/src/credentials';
import { startDemoUpstream } from '../demo/src/server';
import { createLogger } from '../src/logger';
import { createGateway } from '../src/server';

/** The "syncs dashboard" of the README: 10 syncs with their source, destination, model and 3 latest runs. */
export const DASHBOARD_QUERY = `query SyncsDashboard {
  syncs(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id databaseId status scheduleType syncInterval syncIntervalUnit
      source { name connectorName }
      destination { name connectorName }
      model { name queryType }
      runs(first: 3) { nodes { databaseId status startedAt finishedAt duration successfulRows failedRows } }
    }
  }
}`;

export interface LoadOptions {
  /** Seconds of measured load, split evenly into `phases` (a warm-up runs before). */
  seconds: number;
  phases: number;
  connections: number;
  warmupSeconds: number;
  /** Pause after each phase's forced GC before memory is sampled at rest (default 1000 ms). */
  calmDownMs?: number;
  /** Progress lines (one per phase). */
  log?: (line: string) => void;
}

export interface PhaseReport {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Heap in use and RSS at rest after the phase: forced GC, calm-down, forced GC (MB). */
  heapAfterGcMb: number;
  rssAfterGcMb: number;
}

export interface LoadReport {
  phases: PhaseReport[];
  requests: number;
  requestsPerSecond: number;
  /** Worst phase p99, and the median of the phases' p50s (ms). */
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  status5xx: number;
  /** Transport errors and timeouts seen by the client. */
  errors: number;
  /** 2xx answers whose body carried GraphQL errors. */
  graphqlErrors: number;
  /** RSS at rest (after a forced GC and a calm-down) before the first phase and after the last. */
  rssStartMb: number;
  rssEndMb: number;
  /** Highest RSS sampled (every second) under load. */
  rssPeakMb: number;
  /** Linear-regression slopes of the RSS and the heap at rest, over the run. */
  rssSlopeMbPerMinute: number;
  heapSlopeMbPerMinute: number;
  gcForced: boolean;
}

const MB = 1024 * 1024;
const CALM_DOWN_MS = 1000;
const PHASE_SECONDS = 5;

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const upstream = await startDemoUpstream();
  // Logging stays on (its cost is part of the figures); the lines are discarded.
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const config = loadConfig({ PORT: '0', INTROSPECTION: 'false', GRAPHIQL: 'false' });
  const gateway = await createGateway(withUpstreamUrl(config, upstream.url), { logger });
  const url = `${await gateway.listen()}/graphql`;
  const gc = (globalThis as { gc?: () => void }).gc;
  const collect = () => {
    gc?.();
    gc?.();
  };
  const fire = (seconds: number) =>
    autocannon({
      url,
      method: 'POST',
      connections: options.connections,
      duration: seconds,
      timeout: 30,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) },
      body: JSON.stringify({ query: DASHBOARD_QUERY }),
      verifyBody: (body) => body.startsWith('{"data":{"syncs":') && !body.includes('"errors"'),
    });

  try {
    const started = performance.now();
    const minute = () => (performance.now() - started) / 60_000;
    // RSS every second (for the peak), and at rest: after a forced GC and a one-second calm-down at the
    // end of each phase. The slope is fitted to the samples at rest; under load RSS swings by ~100 MB
    // with the GC cycle, which a short run cannot average out.
    let peakMb = 0;
    const sampler = setInterval(() => {
      // The demo upstream records every request it serves; a soak must not measure that log growing.
      upstream.clearLog();
      peakMb = Math.max(peakMb, process.memoryUsage().rss / MB);
    }, 1000);
    const atRest: Array<{ minute: number; rssMb: number; heapMb: number }> = [];
    const rest = async () => {
      upstream.clearLog();
      collect();
      await new Promise((resolve) => setTimeout(resolve, options.calmDownMs ?? CALM_DOWN_MS));
      collect();
      const memory = process.memoryUsage();
      atRest.push({ minute: minute(), rssMb: memory.rss / MB, heapMb: memory.heapUsed / MB });
    };
    const phases: PhaseReport[] = [];
    const totals = { non2xx: 0, status5xx: 0, errors: 0, graphqlErrors: 0 };
    let loadSeconds = 0;
    try {
      // The warm-up runs in the same rhythm (load, GC, calm-down) as the measured phases: the first few
      // cycles grow the allocator's RSS by ~10 MB before it levels off, and that is not a leak.
      const warmupPhases = Math.max(1, Math.round(options.warmupSeconds / PHASE_SECONDS));
      for (let i = 0; i < warmupPhases; i += 1) {
        await fire(options.warmupSeconds / warmupPhases);
        await rest();
      }
      atRest.splice(0, atRest.length - 1);
      for (let i = 0; i < options.phases; i += 1) {
        const result = await fire(options.seconds / options.phases);
        loadSeconds += result.duration;
        totals.non2xx += result.non2xx;
        totals.status5xx += result['5xx'];
        totals.errors += result.errors + result.timeouts;
        totals.graphqlErrors += result.mismatches;
        await rest();
        const after = atRest[atRest.length - 1]!;
        const phase: PhaseReport = {
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          heapAfterGcMb: after.heapMb,
          rssAfterGcMb: after.rssMb,
        };
        phases.push(phase);
        options.log?.(
          `phase ${i + 1}/${options.phases}: ${phase.requests} requests, ${phase.requestsPerSecond.toFixed(0)} req/s, ` +
            `p50 ${phase.p50Ms} ms, p99 ${phase.p99Ms} ms; at rest: heap ${phase.heapAfterGcMb.toFixed(1)} MB, RSS ${phase.rssAfterGcMb.toFixed(1)} MB`,
        );
      }
    } finally {
      clearInterval(sampler);
    }
    const requests = phases.reduce((sum, phase) => sum + phase.requests, 0);
    const p50s = phases.map((phase) => phase.p50Ms).sort((a, b) => a - b);
    return {
      phases,
      requests,
      requestsPerSecond: requests / loadSeconds,
      p50Ms: p50s[Math.floor(p50s.length / 2)] ?? 0,
      p99Ms: Math.max(...phases.map((phase) => phase.p99Ms)),
      ...totals,
      rssStartMb: atRest[0]?.rssMb ?? 0,
      rssEndMb: atRest[atRest.length - 1]?.rssMb ?? 0,
      rssPeakMb: peakMb,
      rssSlopeMbPerMinute: slope(atRest.map((s) => [s.minute, s.rssMb])),
      heapSlopeMbPerMinute: slope(atRest.map((s) => [s.minute, s.heapMb])),
      gcForced: gc !== undefined,
    };
  } finally {
    await gateway.stop();
    await upstream.close();
  }
}

/** Least-squares slope of y over x. */
export function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

function atRestHeap(report: LoadReport, index: number): string {
  return (report.phases.at(index)?.heapAfterGcMb ?? 0).toFixed(1);
}

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}".`);
  return value;
}

async function main(): Promise<void> {
  const seconds = positiveNumber('LOAD_SECONDS', 30);
  const options: LoadOptions = {
    seconds,
    phases: Math.max(3, Math.round(seconds / PHASE_SECONDS)),
    connections: positiveNumber('LOAD_CONNECTIONS', 32),
    warmupSeconds: positiveNumber('LOAD_WARMUP_SECONDS', 15),
    log: (line) => process.stdout.write(`${line}\n`),
  };
  const maxSlope = positiveNumber('LOAD_MAX_RSS_SLOPE_MB_PER_MIN', 20);
  const maxHeapSlope = positiveNumber('LOAD_MAX_HEAP_SLOPE_MB_PER_MIN', 5);
  process.stdout.write(
    `Load: ${options.connections} connections, ${options.warmupSeconds} s warm-up, then ${seconds} s in ${options.phases} phases ` +
      `(GC between phases: ${(globalThis as { gc?: unknown }).gc ? 'yes' : 'no, run with --expose-gc'}).\n`,
  );
  const report = await runLoad(options);
  const rows: Array<[string, string]> = [
    ['requests', String(report.requests)],
    ['throughput', `${report.requestsPerSecond.toFixed(0)} req/s`],
    ['latency p50 / p99 (median phase / worst phase)', `${report.p50Ms} ms / ${report.p99Ms} ms`],
    ['non-2xx / 5xx', `${report.non2xx} / ${report.status5xx}`],
    ['transport errors + timeouts', String(report.errors)],
    ['answers with GraphQL errors', String(report.graphqlErrors)],
    ['RSS at rest, start → end (peak under load)', `${report.rssStartMb.toFixed(1)} MB → ${report.rssEndMb.toFixed(1)} MB (${report.rssPeakMb.toFixed(1)} MB)`],
    ['RSS slope at rest', `${report.rssSlopeMbPerMinute.toFixed(2)} MB/min (limit ${maxSlope})`],
    ['heap at rest, start → end', `${atRestHeap(report, 0)} MB → ${atRestHeap(report, -1)} MB (slope ${report.heapSlopeMbPerMinute.toFixed(2)} MB/min, limit ${maxHeapSlope})`],
  ];
  process.stdout.write(`\n| measure | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}\n`);
  const failures = [
    report.status5xx > 0 ? `${report.status5xx} answers were 5xx` : '',
    report.errors > 0 ? `${report.errors} transport errors or timeouts` : '',
    report.graphqlErrors > 0 ? `${report.graphqlErrors} answers carried GraphQL errors` : '',
    report.non2xx > 0 ? `${report.non2xx} answers were not 2xx` : '',
    report.rssSlopeMbPerMinute > maxSlope ? `RSS grew ${report.rssSlopeMbPerMinute.toFixed(2)} MB/min (limit ${maxSlope})` : '',
    report.heapSlopeMbPerMinute > maxHeapSlope ? `the heap grew ${report.heapSlopeMbPerMinute.toFixed(2)} MB/min (limit ${maxHeapSlope})` : '',
  ].filter(Boolean);
  if (failures.length > 0) {
    process.stderr.write(`\nFAILED: ${failures.join('; ')}.\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('\nOK: no 5xx, no errors, memory flat.\n');
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
