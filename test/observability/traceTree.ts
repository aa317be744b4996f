/**
 * Span trees for tracing tests: finished spans (from the in-memory exporter, or decoded from OTLP) as
 * an indented outline of names, children in start order, so a test can assert a whole trace at once.
 */
export interface SpanSummary {
  name: string;
  spanId: string;
  traceId: string;
  parentSpanId: string | undefined;
  /** Start time, ns, as a string (OTLP JSON) or a bigint-safe number. */
  start: bigint;
  attributes: Record<string, unknown>;
}

/** The outline of every span whose parent is not among `spans`, then their descendants, indented by two spaces a level. */
export function outlineOf(spans: readonly SpanSummary[], label: (span: SpanSummary) => string = (span) => span.name): string[] {
  const ids = new Set(spans.map((span) => span.spanId));
  const byStart = [...spans].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : label(a).localeCompare(label(b))));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const span of byStart) {
      const isChild = parent === undefined ? span.parentSpanId === undefined || !ids.has(span.parentSpanId) : span.parentSpanId === parent;
      if (!isChild) continue;
      lines.push(`${'  '.repeat(depth)}${label(span)}`);
      walk(span.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines;
}
