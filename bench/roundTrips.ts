/**
 * `npm run bench`: the gateway side by side with a plain REST client, on the same demo upstream, for
 * four operations × concurrency × upstream latency. For each cell and side: operations per second,
 * p50/p99 latency, upstream requests per operation and errors; for the gateway also its CPU time per
 * operation and peak RSS, read from /proc for the gateway process alone (it runs as a child process,
 * started as production starts it). Prints one markdown table per latency and the targets, and writes
 * bench/results/roundTrips.json.
 *
 *   npm run bench                      # about 3 s per side and cell
 *   BENCH_SECONDS=0.5 npm run bench    # quick mode, to try it out
 *   BENCH_MODES=off,tracing,tracing+metrics npm run bench   # observability on against off (bench/roundTrips/modes.ts)
 *
 * Traffic goes only to 127.0.0.1; every loop is bounded in time; the gateway child and the demo are
 * shut down at the end, on failure, and on SIGINT/SIGTERM.
 */
import { performance } from 'node:perf_hooks';
import type { Pool } from 'undici';
import { startDemoUpstream, type DemoUpstream } from '../demo/src/server';
import { measureCell, type CellResult, type CellSides } from './roundTrips/cell';
import { modeEnv, renderModeComparison, selectModes, startOtlpSink, type ModeResult } from './roundTrips/modes';
import { createPool, gatewayOperation, restOperation } from './roundTrips/clients';
import { runClosedLoop } from './roundTrips/driver';
import { startGatewayProcess, type GatewayProcess } from './roundTrips/gatewayProcess';
import { buildOperations, pickIds, type Operation } from './roundTrips/operations';
import { sampleProcess, type ProcSample } from './roundTrips/procStats';
import { recordGatewayPlan, type RestPlan } from './roundTrips/restPlan';
import { renderErrors, renderTables, renderTargets } from './roundTrips/report';
import { writeResults } from './roundTrips/results';
import { readDurations, selectCells, type Durations } from './roundTrips/settings';
import { evaluateTargets } from './roundTrips/targets';

interface Running {
  /** Aborted on SIGINT/SIGTERM: every load loop ends at its next operation. */
  stopping: AbortController;
  upstream?: DemoUpstream;
  gateway?: GatewayProcess;
  sink?: { close(): Promise<void> };
  pools: Pool[];
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(running: Running): Promise<void> {
  const started = performance.now();
  const durations = readDurations(process.env);
  const modes = selectModes(process.env);
  const upstream = (running.upstream = await startDemoUpstream());
  const sink = (running.sink = await startOtlpSink());
  const ids = pickIds(upstream.store);
  const operations = buildOperations(ids);
  say(`Round trips: gateway vs direct REST on the demo upstream ${upstream.url}; modes ${modes.join(', ')}`);
  say(`  sync ${ids.syncId}, run ${ids.runId} (${ids.records} records); ${durations.seconds} s per side and cell.`);
  const results: ModeResult[] = [];
  let first: Omit<MeasuredMode, 'cells'> | undefined;
  for (const mode of modes) {
    const measured = await measureMode(running, modeEnv(mode, sink.url), operations, durations);
    first ??= measured;
    results.push({ mode, cells: measured.cells });
    say(`\n${mode === 'off' ? 'Everything off' : mode}:\n\n${renderTables(measured.cells, operations)}`);
    const errors = renderErrors(measured.cells);
    if (errors) say(errors);
  }
  say(renderModeComparison(results));
  const cells = results[0]!.cells;
  const targets = evaluateTargets(cells);
  say(renderTargets(targets));
  const wallSeconds = (performance.now() - started) / 1000;
  const file = writeResults({ ids, durations, gatewayAtStart: first!.gatewayAtStart, operations, plans: first!.plans, cells, targets, wallSeconds, modes: results });
  say(`Results: ${file} (${wallSeconds.toFixed(0)} s; ${sink.exports()} trace exports received)`);
}

interface MeasuredMode {
  gatewayAtStart: ProcSample;
  plans: Record<string, { gateway: RestPlan; rest: RestPlan }>;
  cells: CellResult[];
}

/** One gateway process with the mode's environment, through every cell; stopped at the end. */
async function measureMode(running: Running, env: Record<string, string>, operations: readonly Operation[], durations: Durations): Promise<MeasuredMode> {
  const upstream = running.upstream!;
  const gateway = (running.gateway = await startGatewayProcess(upstream.url, env));
  const gatewayPool = createPool(new URL(gateway.endpoint).origin);
  const restPool = createPool(upstream.url);
  running.pools.push(gatewayPool, restPool);
  const gatewayAtStart = sampleProcess(gateway.pid);
  say(`  gateway pid ${gateway.pid} (${JSON.stringify(env)}), RSS at start ${gatewayAtStart.rssMb.toFixed(0)} MB`);

  const sides = new Map<string, CellSides>();
  const plans: Record<string, { gateway: RestPlan; rest: RestPlan }> = {};
  for (const op of operations) {
    const onGateway = gatewayOperation(gatewayPool, new URL(gateway.endpoint).pathname, op.query);
    const gatewayPlan = await recordGatewayPlan(upstream, onGateway);
    const restPlan = op.fixedRestPlan ?? gatewayPlan;
    plans[op.key] = { gateway: gatewayPlan, rest: restPlan };
    sides.set(op.key, { gateway: onGateway, rest: restOperation(restPool, restPlan) });
    say(`  ${op.label}: gateway plan ${shape(gatewayPlan)}, REST plan ${shape(restPlan)}`);
  }
  const signal = running.stopping.signal;
  await warmUp(operations, sides, durations, signal);

  const cells: CellResult[] = [];
  for (const cell of selectCells(process.env)) {
    const result = await measureCell({ upstream, gatewayPid: gateway.pid, durations, signal }, cell, sides.get(cell.op)!);
    signal.throwIfAborted();
    cells.push(result);
    say(`  measured (${cell.op}) concurrency ${cell.concurrency}, latency ${cell.latencyMs} ms: ${result.rest.operations} REST / ${result.gateway.operations} gateway operations`);
  }
  await gateway.stop();
  await Promise.all([gatewayPool.destroy(), restPool.destroy()]);
  running.pools = running.pools.filter((pool) => pool !== gatewayPool && pool !== restPool);
  return { gatewayAtStart, plans, cells };
}

/** Requests per level, e.g. `1 → 20` (21 requests in two dependent levels). */
function shape(plan: RestPlan): string {
  return plan.map((level) => level.length).join(' → ');
}

/** Each operation on each side before any cell: JIT, Apollo's document cache, pooled connections. */
async function warmUp(operations: readonly Operation[], sides: Map<string, CellSides>, durations: Durations, signal: AbortSignal): Promise<void> {
  const seconds = durations.warmupSeconds;
  for (const op of operations) {
    const { rest, gateway } = sides.get(op.key)!;
    for (const side of [rest, gateway]) {
      await runClosedLoop(side, { signal, concurrency: 4, seconds, minOperations: 1, maxSeconds: seconds + 2 });
      signal.throwIfAborted();
    }
  }
}

/** The gateway first (its SIGTERM goes out at once), then the client pools, then the demo. */
async function shutDown(running: Running): Promise<void> {
  running.stopping.abort();
  await Promise.allSettled([running.gateway?.stop(), ...running.pools.map((pool) => pool.destroy())]);
  await running.upstream?.close();
  await running.sink?.close();
}

function start(): void {
  const running: Running = { stopping: new AbortController(), pools: [] };
  let exitCode = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the gateway and the demo upstream.\n`);
    void shutDown(running).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  main(running)
    .catch((error: unknown) => {
      // After a signal the loops end with an abort: that is the stop, not a failure worth a stack.
      if (!running.stopping.signal.aborted) process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      exitCode = 1;
    })
    .finally(() => shutDown(running))
    .finally(() => process.exit(exitCode));
}

start();
