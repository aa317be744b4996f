/** The run as markdown: one table per upstream latency, the errors seen, then the targets. */
import type { CellResult } from './cell';
import type { Operation } from './operations';
import type { TargetVerdict } from './targets';

const HEADER =
  '| operation | conc. | REST ops/s | REST p50 / p99 ms | gateway ops/s | gateway p50 / p99 ms | upstream req/op REST / gateway | gateway CPU ms/op | gateway peak RSS MB | errors REST / gateway |\n' +
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|';

const fixed = (value: number, digits: number) => value.toFixed(digits);

function row(cell: CellResult, label: string): string {
  const { rest, gateway } = cell;
  return [
    '',
    label,
    cell.concurrency,
    fixed(rest.opsPerSecond, 0),
    `${fixed(rest.p50Ms, 1)} / ${fixed(rest.p99Ms, 1)}`,
    fixed(gateway.opsPerSecond, 0),
    `${fixed(gateway.p50Ms, 1)} / ${fixed(gateway.p99Ms, 1)}`,
    `${fixed(rest.upstreamRequestsPerOp, 2)} / ${fixed(gateway.upstreamRequestsPerOp, 2)}`,
    fixed(gateway.cpuMsPerOp, 3),
    fixed(gateway.peakRssMb, 0),
    `${rest.errors} / ${gateway.errors}`,
    '',
  ].join(' | ').trim();
}

export function renderTables(cells: readonly CellResult[], operations: readonly Operation[]): string {
  const labelOf = (key: string) => operations.find((op) => op.key === key)?.label ?? key;
  const latencies = [...new Set(cells.map((cell) => cell.latencyMs))].sort((x, y) => x - y);
  return latencies
    .map((latency) => {
      const rows = cells.filter((cell) => cell.latencyMs === latency).map((cell) => row(cell, labelOf(cell.op)));
      return `### Upstream latency ${latency} ms\n\n${HEADER}\n${rows.join('\n')}\n`;
    })
    .join('\n');
}

/** Every error sample, per cell and side; empty when there were none. */
export function renderErrors(cells: readonly CellResult[]): string {
  const lines = cells.flatMap((cell) =>
    (['rest', 'gateway'] as const).flatMap((side) =>
      cell[side].errors === 0
        ? []
        : [`- (${cell.op}) c=${cell.concurrency} ${cell.latencyMs} ms, ${side}: ${cell[side].errors} errors, e.g. ${cell[side].errorSamples.join(' | ')}`],
    ),
  );
  return lines.length === 0 ? '' : `### Errors\n\n${lines.join('\n')}\n`;
}

export function renderTargets(verdicts: readonly TargetVerdict[]): string {
  const lines = verdicts.map((verdict) => `- ${verdict.met ? 'MET   ' : 'MISSED'} ${verdict.target}: ${verdict.detail}`);
  const met = verdicts.filter((verdict) => verdict.met).length;
  return `### Targets (${met} of ${verdicts.length} met)\n\n${lines.join('\n')}\n`;
}
