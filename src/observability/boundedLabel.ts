/**
 * Label values that come from outside the code must not let a metric grow without bound: every
 * distinct value is a new time series in Prometheus. A BoundedLabel keeps a value only when it has the
 * expected shape and fewer than `maxValues` distinct values were kept before; anything else becomes
 * `other`. The set of kept values lives as long as the gateway (its metrics registry), so a label's
 * series are stable once kept.
 */
export const OTHER = 'other';

export class BoundedLabel {
  private readonly kept = new Set<string>();

  constructor(
    private readonly accepts: (value: string) => boolean,
    private readonly maxValues: number,
  ) {}

  of(value: string): string {
    if (this.kept.has(value)) return value;
    if (this.kept.size >= this.maxValues || !this.accepts(value)) return OTHER;
    this.kept.add(value);
    return value;
  }
}

/** Distinct operation names kept per gateway before the rest count as `other`. */
export const MAX_OPERATION_NAMES = 50;
/** Distinct upstream route templates kept per gateway (the resource modules use about 20). */
export const MAX_ROUTES = 100;

/** A GraphQL name of at most 64 characters. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** More digits than a version or a year: the name carries an id or a token, not a word. */
const TOO_MANY_DIGITS = /(?:\d\D*){5}/;

/**
 * An operation name is the client's text: kept only when it is a GraphQL name of at most 64 characters
 * with at most 4 digits (ids and tokens carry more), among the first MAX_OPERATION_NAMES.
 */
export function isPlainOperationName(name: string): boolean {
  return OPERATION_NAME.test(name) && !TOO_MANY_DIGITS.test(name);
}

/** `/api/v1/syncs/{id}/sync_runs`: lowercase segments and `{id}` only (the core has replaced every id). */
const ROUTE_TEMPLATE = /^(?:\/(?:[a-z][a-z0-9_]{0,39}|\{id\})){1,8}$/;

export function isRouteTemplate(route: string): boolean {
  return ROUTE_TEMPLATE.test(route);
}

/** Why a retry happened: `status_503`, or a transport failure kind such as `reset` (src/upstream/transportFailure.ts). */
const RETRY_CAUSE = /^(?:status_[1-5]\d\d|[a-z][a-z-]{0,31})$/;

export function retryCauseLabel(cause: string | undefined): string {
  return cause !== undefined && RETRY_CAUSE.test(cause) ? cause : OTHER;
}

/** An HTTP status code as a label (at most 500 values); `none` when no response head arrived. */
export function statusLabel(status: number | undefined): string {
  return status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : 'none';
}
