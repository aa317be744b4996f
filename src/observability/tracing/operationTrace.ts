/**
 * The spans of one GraphQL operation: the operation span (a child of the caller's trace when it sent
 * `traceparent`), its parse, validate and execute phases, and one client span per upstream attempt,
 * whose context travels to the upstream as `traceparent`. It is the request's UpstreamObserver, so the
 * client and the loaders feed it exactly as they feed every other observer; the Apollo plugin
 * (./plugin.ts) drives the operation and phase spans.
 *
 * Names and attributes follow the OpenTelemetry semantic conventions (GraphQL server spans, HTTP client
 * spans). Nothing here records the document, the variables, an error message, an id or a URL: routes
 * are templates and failures are named by their code, so no caller data or upstream text reaches the
 * collector.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type TextMapPropagator, type Tracer } from '@opentelemetry/api';
import type { HeaderSink, UpstreamAttemptEnd, UpstreamAttemptStart, UpstreamObserver, UpstreamReadServed } from '../upstreamEvents';

export interface TraceTools {
  tracer: Tracer;
  propagator: TextMapPropagator;
}

/** The span name before the operation is known (the convention's fallback), and after a parse failure. */
const UNRESOLVED_OPERATION = 'GraphQL Operation';

/** Attribute names of our own, for what the conventions have no name for. */
export const UPSTREAM_ATTRIBUTES = {
  attempt: 'aisquared.upstream.attempt',
  retryCause: 'aisquared.upstream.retry_cause',
  page: 'aisquared.upstream.page',
  perPage: 'aisquared.upstream.per_page',
  served: 'aisquared.upstream.served',
} as const;

/** The phase spans' names (those of the OpenTelemetry GraphQL instrumentation). */
export const PARSE_SPAN = 'graphql.parse';
export const VALIDATE_SPAN = 'graphql.validate';
export const EXECUTE_SPAN = 'graphql.execute';

/** The event added to the execute span for every read the loaders answered without a request. */
export const READ_SERVED_EVENT = 'upstream.read_served';

const sinkSetter = { set: (sink: HeaderSink, key: string, value: string) => sink.set(key, value) };

export class OperationTrace implements UpstreamObserver {
  private operation: Span | undefined;
  /** Where upstream spans attach: the execute span while it runs, else the operation span. */
  private upstreamParent: Context;

  constructor(
    private readonly tools: TraceTools,
    /** The caller's trace (from its `traceparent`/`tracestate`), or the root context. */
    private readonly callerContext: Context,
  ) {
    this.upstreamParent = callerContext;
  }

  begin(): void {
    this.operation = this.tools.tracer.startSpan(UNRESOLVED_OPERATION, { kind: SpanKind.SERVER }, this.callerContext);
    this.upstreamParent = trace.setSpan(this.callerContext, this.operation);
  }

  /** `query FailedRecords`, or `query` for an anonymous operation. */
  resolved(type: string, name: string | undefined): void {
    this.operation?.updateName(name ? `${type} ${name}` : type);
    this.operation?.setAttribute('graphql.operation.type', type);
    if (name) this.operation?.setAttribute('graphql.operation.name', name);
  }

  /** Starts a phase span (`graphql.parse`, …); the returned function ends it, failed with `errorCode` if given. */
  phase(name: string): (errorCode?: string) => void {
    if (!this.operation) return () => undefined;
    const operationContext = trace.setSpan(this.callerContext, this.operation);
    const span = this.tools.tracer.startSpan(name, { kind: SpanKind.INTERNAL }, operationContext);
    const isExecute = name === EXECUTE_SPAN;
    if (isExecute) this.upstreamParent = trace.setSpan(operationContext, span);
    return (errorCode) => {
      if (errorCode) failed(span, errorCode);
      span.end();
      if (isExecute) this.upstreamParent = operationContext;
    };
  }

  /** Ends the operation span, failed with the first error's code when the response carries errors. */
  end(errorCode: string | undefined): void {
    if (!this.operation) return;
    if (errorCode) failed(this.operation, errorCode);
    this.operation.end();
    this.operation = undefined;
  }

  attemptStarted(start: UpstreamAttemptStart, headers: HeaderSink): (end: UpstreamAttemptEnd) => void {
    const span = this.tools.tracer.startSpan(`${start.method} ${start.route}`, { kind: SpanKind.CLIENT, attributes: attemptAttributes(start) }, this.upstreamParent);
    this.tools.propagator.inject(trace.setSpan(this.upstreamParent, span), headers, sinkSetter);
    return (end) => {
      if (end.status !== undefined) span.setAttribute('http.response.status_code', end.status);
      span.setAttribute('http.response.body.size', end.bytes);
      if (end.outcome !== 'ok') failed(span, end.status !== undefined ? String(end.status) : end.outcome);
      span.end();
    };
  }

  /**
   * A read answered by the loaders is an event, not a span: no request went out, so a span would be
   * counted as an upstream call by every tracing backend, and the upstream spans would no longer be
   * one per request the upstream saw.
   */
  readServed(read: UpstreamReadServed): void {
    const attributes: Attributes = { 'url.template': read.route, [UPSTREAM_ATTRIBUTES.served]: read.how };
    if (read.page !== undefined) attributes[UPSTREAM_ATTRIBUTES.page] = read.page;
    if (read.perPage !== undefined) attributes[UPSTREAM_ATTRIBUTES.perPage] = read.perPage;
    trace.getSpan(this.upstreamParent)?.addEvent(READ_SERVED_EVENT, attributes);
  }
}

function attemptAttributes(start: UpstreamAttemptStart): Attributes {
  const attributes: Attributes = { 'http.request.method': start.method, 'url.template': start.route, [UPSTREAM_ATTRIBUTES.attempt]: start.attempt };
  // The conventions count resends: set on retries only.
  if (start.attempt > 1) attributes['http.request.resend_count'] = start.attempt - 1;
  if (start.retryCause) attributes[UPSTREAM_ATTRIBUTES.retryCause] = start.retryCause;
  if (start.page !== undefined) attributes[UPSTREAM_ATTRIBUTES.page] = start.page;
  if (start.perPage !== undefined) attributes[UPSTREAM_ATTRIBUTES.perPage] = start.perPage;
  return attributes;
}

/** Error status named by a code (an error code, a status, a failure kind): never a message. */
function failed(span: Span, code: string): void {
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: code });
}
