/**
 * The targets the gateway is working towards, evaluated from one run's cells. Each is MET or MISSED
 * with the figures it was judged on, so a reader can tell a near miss from a far one.
 */
import type { CellResult } from './cell';
import type { OperationKey } from './operations';

export interface TargetVerdict {
  target: string;
  met: boolean;
  detail: string;
}

type Find = (op: OperationKey, concurrency: number, latencyMs: number) => CellResult | undefined;

/** CPU per operation is judged at concurrency 10 without latency: the most operations per CPU tick,
 * and the gateway busy rather than waiting on timers. */
export const CPU_CELL = { concurrency: 10, latencyMs: 0 };
const CPU_LIMITS: Array<[OperationKey, number]> = [
  ['a', 0.25],
  ['c', 1.2],
  ['d', 2.5],
];

const ms = (value: number) => `${value.toFixed(2)} ms`;

export function evaluateTargets(cells: readonly CellResult[]): TargetVerdict[] {
  const find: Find = (op, concurrency, latencyMs) =>
    cells.find((cell) => cell.op === op && cell.concurrency === concurrency && cell.latencyMs === latencyMs);
  return [
    recordsInOneRequest(cells),
    recordsLatencyOverhead(find),
    nestedLatency(find),
    ...CPU_LIMITS.map(([op, limit]) => cpuPerOperation(find, op, limit)),
    singleSyncThroughput(find),
    peakMemory(find),
    noErrors(cells),
  ];
}

function missing(target: string): TargetVerdict {
  return { target, met: false, detail: 'cell not measured' };
}

function recordsInOneRequest(cells: readonly CellResult[]): TargetVerdict {
  const target = '(c) upstream requests per operation = 1';
  const counts = cells.filter((cell) => cell.op === 'c').map((cell) => cell.gateway.upstreamRequestsPerOp);
  if (counts.length === 0) return missing(target);
  const worst = Math.max(...counts);
  return { target, met: worst <= 1, detail: `gateway: ${worst.toFixed(2)} per operation (highest over the ${counts.length} (c) cells)` };
}

function recordsLatencyOverhead(find: Find): TargetVerdict {
  const target = '(c) at 20 ms, concurrency 1: gateway p50 − REST p50 ≤ 3 ms';
  const cell = find('c', 1, 20);
  if (!cell) return missing(target);
  const overhead = cell.gateway.p50Ms - cell.rest.p50Ms;
  return { target, met: overhead <= 3, detail: `${ms(cell.gateway.p50Ms)} − ${ms(cell.rest.p50Ms)} = ${ms(overhead)}` };
}

function nestedLatency(find: Find): TargetVerdict {
  const target = '(d) at 50 ms, concurrency 1: gateway p50 < 170 ms with 39 upstream requests per operation';
  const cell = find('d', 1, 50);
  if (!cell) return missing(target);
  const requests = cell.gateway.upstreamRequestsPerOp;
  return {
    target,
    met: cell.gateway.p50Ms < 170 && requests <= 39,
    detail: `p50 ${ms(cell.gateway.p50Ms)}, ${requests.toFixed(2)} requests per operation (REST: p50 ${ms(cell.rest.p50Ms)}, ${cell.rest.upstreamRequestsPerOp.toFixed(2)})`,
  };
}

function cpuPerOperation(find: Find, op: OperationKey, limit: number): TargetVerdict {
  const target = `(${op}) gateway CPU per operation ≤ ${limit} ms (concurrency ${CPU_CELL.concurrency}, latency ${CPU_CELL.latencyMs} ms)`;
  const cell = find(op, CPU_CELL.concurrency, CPU_CELL.latencyMs);
  if (!cell) return missing(target);
  return { target, met: cell.gateway.cpuMsPerOp <= limit, detail: `${cell.gateway.cpuMsPerOp.toFixed(3)} ms over ${cell.gateway.operations} operations` };
}

function singleSyncThroughput(find: Find): TargetVerdict {
  const target = '(a) at concurrency 1, latency 0: gateway ops/s ≥ 40 % of REST ops/s';
  const cell = find('a', 1, 0);
  if (!cell) return missing(target);
  const ratio = cell.gateway.opsPerSecond / cell.rest.opsPerSecond;
  return {
    target,
    met: ratio >= 0.4,
    detail: `${cell.gateway.opsPerSecond.toFixed(0)} / ${cell.rest.opsPerSecond.toFixed(0)} ops/s = ${(ratio * 100).toFixed(0)} %`,
  };
}

function peakMemory(find: Find): TargetVerdict {
  const target = '(c) at concurrency 50: gateway peak RSS < 200 MB';
  const cell = find('c', 50, 0);
  if (!cell) return missing(target);
  const scope = cell.gateway.peakRssScope === 'cell' ? '' : ' (lifetime peak: it could not be reset per cell)';
  return { target, met: cell.gateway.peakRssMb < 200, detail: `${cell.gateway.peakRssMb.toFixed(1)} MB${scope}` };
}

function noErrors(cells: readonly CellResult[]): TargetVerdict {
  const rest = cells.reduce((sum, cell) => sum + cell.rest.errors, 0);
  const gateway = cells.reduce((sum, cell) => sum + cell.gateway.errors, 0);
  return { target: 'zero errors', met: rest + gateway === 0, detail: `REST ${rest}, gateway ${gateway} over every cell` };
}
