/**
 * One cell of the matrix (an operation, a concurrency, an upstream latency), measured for each side in
 * turn: first direct REST, then the gateway. Upstream requests are counted from the demo's log, which
 * is unbounded and emptied before each side; the gateway's CPU and peak RSS come from /proc.
 */
import type { DemoUpstream } from '../../demo/src/server';
import type { RunOperation } from './clients';
import { percentile, runClosedLoop, type LoopResult } from './driver';
import { resetPeakRss, sampleProcess } from './procStats';
import type { Cell, Durations } from './settings';

export interface SideResult {
  operations: number;
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  upstreamRequestsPerOp: number;
  errors: number;
  errorSamples: string[];
}

export interface GatewaySideResult extends SideResult {
  cpuMsPerOp: number;
  /** Peak RSS of the gateway process (VmHWM) during this side of the cell, or since it started when
   * the peak could not be reset. */
  peakRssMb: number;
  peakRssScope: 'cell' | 'process lifetime';
}

export interface CellResult extends Cell {
  rest: SideResult;
  gateway: GatewaySideResult;
}

export interface CellContext {
  upstream: DemoUpstream;
  gatewayPid: number;
  durations: Durations;
  signal: AbortSignal;
}

export interface CellSides {
  rest: RunOperation;
  gateway: RunOperation;
}

export async function measureCell(context: CellContext, cell: Cell, sides: CellSides): Promise<CellResult> {
  context.upstream.setDelayMs(cell.latencyMs);
  try {
    const rest = await measureSide(context, cell, sides.rest);
    const pid = context.gatewayPid;
    let cpuBeforeMs = 0;
    let peakReset = false;
    const gateway = await measureSide(context, cell, sides.gateway, () => {
      peakReset = resetPeakRss(pid);
      cpuBeforeMs = sampleProcess(pid).cpuMs;
    });
    const after = sampleProcess(pid);
    const cpuMsPerOp = (after.cpuMs - cpuBeforeMs) / Math.max(1, gateway.operations);
    return { ...cell, rest, gateway: { ...gateway, cpuMsPerOp, peakRssMb: after.hwmMb, peakRssScope: peakReset ? 'cell' : 'process lifetime' } };
  } finally {
    context.upstream.setDelayMs(0);
  }
}

/** Warm-up, then the measured loop; `onStart` runs right before it (after the warm-up's last answer). */
async function measureSide(context: CellContext, cell: Cell, operation: RunOperation, onStart?: () => void): Promise<SideResult> {
  const { durations, upstream, signal } = context;
  await runClosedLoop(operation, {
    signal,
    concurrency: cell.concurrency,
    seconds: durations.cellWarmupSeconds,
    minOperations: cell.concurrency,
    maxSeconds: durations.cellWarmupSeconds + 1,
  });
  upstream.clearLog();
  onStart?.();
  const { seconds, minOperations, maxSeconds } = durations;
  const loop = await runClosedLoop(operation, { signal, concurrency: cell.concurrency, seconds, minOperations, maxSeconds });
  const upstreamRequests = upstream.requests.length;
  upstream.clearLog();
  return summarize(loop, upstreamRequests);
}

function summarize(loop: LoopResult, upstreamRequests: number): SideResult {
  return {
    operations: loop.operations,
    opsPerSecond: loop.operations / (loop.elapsedMs / 1000),
    p50Ms: percentile(loop.latenciesMs, 50),
    p99Ms: percentile(loop.latenciesMs, 99),
    upstreamRequestsPerOp: upstreamRequests / Math.max(1, loop.operations),
    errors: loop.errors,
    errorSamples: loop.errorSamples,
  };
}
