/**
 * `npm run bench:startup`: the compiled build (`node dist/index.js`, what the image runs) against tsx
 * (`node --import tsx src/index.ts`: what `npm start` runs, without the tsx CLI's wrapper process so
 * that /proc shows the gateway's own memory). For each, from spawn: the time to listening (the banner)
 * and to the first answered query, then the gateway's resident memory after start, after that first
 * query and after a few seconds of load. Runs alternate between the two; the table shows medians.
 *
 * BENCH_RUNS (default 5) runs per mode, BENCH_SECONDS (default 5) of load per run at concurrency 10.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDemoUpstream } from '../demo/src/server';
import { createPool, gatewayOperation } from './roundTrips/clients';
import { runClosedLoop } from './roundTrips/driver';
import { buildOperations, pickIds } from './roundTrips/operations';
import { sampleProcess } from './roundTrips/procStats';

const REPO_ROOT = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = 10;
const ENDPOINT_LINE = /Endpoint:\s+POST\s+(http:\/\/\S+)\/graphql/;

interface Mode {
  label: string;
  args: string[];
}

const MODES: Mode[] = [
  { label: 'compiled (`node dist/index.js`)', args: ['dist/index.js'] },
  { label: 'tsx (`node --import tsx src/index.ts`)', args: ['--import', 'tsx', 'src/index.ts'] },
];

interface RunResult {
  listenMs: number;
  firstAnswerMs: number;
  rssStartMb: number;
  rssFirstMb: number;
  rssLoadMb: number;
  peakMb: number;
  operations: number;
}

async function main(): Promise<void> {
  if (!existsSync(resolve(REPO_ROOT, 'dist', 'index.js'))) throw new Error('dist/index.js is missing: run `npm run build` first');
  const upstream = await startDemoUpstream();
  const operations = buildOperations(pickIds(upstream.store));
  const first = operations.find((op) => op.key === 'a')!.query;
  const load = operations.find((op) => op.key === 'b')!.query;
  const results = new Map<Mode, RunResult[]>(MODES.map((mode) => [mode, []]));
  try {
    for (let run = 0; run < RUNS; run += 1) {
      for (const mode of MODES) {
        const result = await measureRun(mode, upstream.url, first, load);
        results.get(mode)!.push(result);
        process.stderr.write(`run ${run + 1}/${RUNS} ${mode.label}: ${JSON.stringify(result)}\n`);
      }
    }
  } finally {
    await upstream.close();
  }
  process.stdout.write(renderTable(results));
}

async function measureRun(mode: Mode, upstreamUrl: string, firstQuery: string, loadQuery: string): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(process.execPath, mode.args, { cwd: REPO_ROOT, env: gatewayEnv(upstreamUrl), stdio: ['ignore', 'pipe', 'ignore'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  try {
    const origin = await waitForEndpoint(child);
    const listenMs = performance.now() - started;
    const pid = child.pid!;
    const rssStartMb = sampleProcess(pid).rssMb;
    const pool = createPool(origin);
    const failure = await gatewayOperation(pool, '/graphql', firstQuery)();
    if (failure) throw new Error(`the first query failed: ${failure}`);
    const firstAnswerMs = performance.now() - started;
    const rssFirstMb = sampleProcess(pid).rssMb;
    const loop = await runClosedLoop(gatewayOperation(pool, '/graphql', loadQuery), {
      concurrency: CONCURRENCY,
      seconds: LOAD_SECONDS,
      minOperations: 100,
      maxSeconds: LOAD_SECONDS * 4,
    });
    if (loop.errors > 0) throw new Error(`the load had ${loop.errors} errors: ${loop.errorSamples.join('; ')}`);
    const afterLoad = sampleProcess(pid);
    await pool.close();
    return { listenMs, firstAnswerMs, rssStartMb, rssFirstMb, rssLoadMb: afterLoad.rssMb, peakMb: afterLoad.hwmMb, operations: loop.operations };
  } finally {
    await stop(child);
    process.off('exit', killOnExit);
  }
}

/** Production settings, on a clean environment (a developer's own LOG_LEVEL must not change the figures). */
function gatewayEnv(upstreamUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'production', AISQUARED_API_URL: upstreamUrl, HOST: '127.0.0.1', PORT: '0' };
  for (const name of ['PATH', 'HOME', 'TMPDIR']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function waitForEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stdout = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (text: string) => {
      stdout += text;
      const match = ENDPOINT_LINE.exec(stdout);
      if (match) resolvePromise(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before listening`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolvePromise();
    });
    child.kill('SIGTERM');
  });
}

function renderTable(results: Map<Mode, RunResult[]>): string {
  const lines = [
    `Medians of ${RUNS} runs; load: dashboard query (b) at concurrency ${CONCURRENCY} for ${LOAD_SECONDS} s.`,
    '',
    '| build | to listening | to first answer | RSS at listening | RSS after first answer | RSS after load | peak RSS | operations in the load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [mode, runs] of results) {
    const m = (pick: (r: RunResult) => number) => median(runs.map(pick));
    lines.push(
      `| ${mode.label} | ${m((r) => r.listenMs).toFixed(0)} ms | ${m((r) => r.firstAnswerMs).toFixed(0)} ms | ${m((r) => r.rssStartMb).toFixed(0)} MB | ` +
        `${m((r) => r.rssFirstMb).toFixed(0)} MB | ${m((r) => r.rssLoadMb).toFixed(0)} MB | ${m((r) => r.peakMb).toFixed(0)} MB | ${m((r) => r.operations).toFixed(0)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:startup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
