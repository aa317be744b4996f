/**
 * The per-request collector behind the cost report (costReport.ts): an UpstreamObserver made only for
 * a request that asks for the report (`X-Upstream-Report: 1`) while COST_REPORT is on, so every other
 * request pays nothing. costReportPlugin.ts finds it in the request's CallScope and turns it into
 * `extensions.upstream`.
 */
import type { ObserverFactory } from '../context';
import { buildCostReport, type HeardAttempt, type HeardRead, type UpstreamCostReport } from './costReport';
import type { UpstreamAttemptEnd, UpstreamAttemptStart, UpstreamObserver, UpstreamReadServed } from './upstreamEvents';

/** The request header that asks for the report; its value must be `1`. */
export const UPSTREAM_REPORT_HEADER = 'x-upstream-report';

export class CostCollector implements UpstreamObserver {
  private readonly attempts: HeardAttempt[] = [];
  private readonly reads: HeardRead[] = [];
  /** Offsets count from here: the start of execution once the plugin marks it. */
  private origin = performance.now();
  private executing = false;

  attemptStarted(start: UpstreamAttemptStart): (end: UpstreamAttemptEnd) => void {
    const heard: HeardAttempt = { start, startedAt: performance.now() };
    this.attempts.push(heard);
    return (end) => {
      heard.end = end;
      heard.endedAt = performance.now();
    };
  }

  readServed(read: UpstreamReadServed): void {
    this.reads.push({ read, at: performance.now() });
  }

  /** Execution began: a request refused before it (parse, validation, limits) gets no report. */
  markExecutionStart(): void {
    this.origin = performance.now();
    this.executing = true;
  }

  /** The report so far, or undefined when the operation never executed. */
  report(): UpstreamCostReport | undefined {
    return this.executing ? buildCostReport(this.attempts, this.reads, this.origin, performance.now()) : undefined;
  }
}

/** Makes a collector for a request whose `X-Upstream-Report` header is `1`; install it only when COST_REPORT is on. */
export const costReportObserver: ObserverFactory = ({ header }) => (header(UPSTREAM_REPORT_HEADER)?.trim() === '1' ? new CostCollector() : undefined);

/** The collector among a request's observers, if it asked for the report. */
export function costCollectorOf(observers: readonly UpstreamObserver[] | undefined): CostCollector | undefined {
  return observers?.find((observer): observer is CostCollector => observer instanceof CostCollector);
}
