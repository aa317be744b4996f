/**
 * Observability modes of `npm run bench` (BENCH_MODES, default `off`): the same cells with the gateway
 * started with everything off, with metrics alone, with tracing exporting to a loopback OTLP sink that discards, and with
 * tracing and metrics on; then one table of gateway throughput and CPU per operation against `off`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CellResult } from './cell';

export const MODES = ['off', 'metrics', 'tracing', 'tracing+metrics'] as const;
export type ModeName = (typeof MODES)[number];

export interface ModeResult {
  mode: ModeName;
  cells: CellResult[];
}

/** BENCH_MODES, e.g. `off,tracing,tracing+metrics` (later modes of a run measure a little slower: try both orders). */
export function selectModes(env: NodeJS.ProcessEnv): ModeName[] {
  const raw = env.BENCH_MODES?.split(',').map((mode) => mode.trim()).filter(Boolean) ?? ['off'];
  const unknown = raw.filter((mode) => !(MODES as readonly string[]).includes(mode));
  if (unknown.length > 0) throw new Error(`BENCH_MODES takes ${MODES.join(', ')}; got ${unknown.join(', ')}`);
  return raw as ModeName[];
}

/** The gateway's environment for a mode; `sinkUrl` is the OTLP endpoint that discards. */
export function modeEnv(mode: ModeName, sinkUrl: string): Record<string, string> {
  if (mode === 'off') return { METRICS: 'false' };
  if (mode === 'metrics') return { METRICS: 'true' };
  return { METRICS: mode === 'tracing+metrics' ? 'true' : 'false', OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl };
}

/** An OTLP/HTTP endpoint on 127.0.0.1 that reads each export, answers 200 and keeps nothing but counts. */
export async function startOtlpSink(): Promise<{ url: string; exports: () => number; close(): Promise<void> }> {
  let exports = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exports += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exports: () => exports,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Gateway ops/s and CPU ms/op per cell and mode, with the change against the first mode. */
export function renderModeComparison(results: readonly ModeResult[]): string {
  const [base, ...others] = results;
  if (!base || others.length === 0) return '';
  const header = `| operation | latency | conc. | ${results.map((r) => `${r.mode} ops/s · CPU ms/op`).join(' | ')} |`;
  const lines = [header, `|---|---:|---:|${results.map(() => '---:').join('|')}|`];
  base.cells.forEach((cell, index) => {
    const columns = results.map((result) => {
      const g = result.cells[index]!.gateway;
      if (result === base) return `${g.opsPerSecond.toFixed(0)} · ${g.cpuMsPerOp.toFixed(3)}`;
      const ops = percentChange(g.opsPerSecond, cell.gateway.opsPerSecond);
      const cpu = percentChange(g.cpuMsPerOp, cell.gateway.cpuMsPerOp);
      return `${g.opsPerSecond.toFixed(0)} (${ops}) · ${g.cpuMsPerOp.toFixed(3)} (${cpu})`;
    });
    lines.push(`| (${cell.op}) | ${cell.latencyMs} ms | ${cell.concurrency} | ${columns.join(' | ')} |`);
  });
  return `Observability modes against ${base.mode}:\n\n${lines.join('\n')}\n`;
}

function percentChange(value: number, base: number): string {
  const change = ((value - base) / Math.max(base, 1e-9)) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)} %`;
}
