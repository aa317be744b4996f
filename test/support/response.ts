/**
 * Typed access to GraphQL answers and to values a test requires to be there. Each test declares the
 * shape of the data it queries (`harness.graphql<{ sync: SyncShape | null }>(QUERY)`); these helpers
 * narrow it with an assertion, so a missing value fails the test with a message saying what was
 * missing (and the errors the gateway sent) rather than with a TypeError on `undefined`.
 */

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

/** A GraphQL response body. */
export interface GraphQLBody<D> {
  data?: D | null;
  errors?: GraphQLErrorBody[];
}

/** What `dataOf` and `errorsOf` read: a harness, fault-gateway or router answer (`body` is absent when the HTTP body was empty). */
export interface GraphQLAnswer<D> {
  status?: number;
  body?: GraphQLBody<D>;
}

function shown(response: GraphQLAnswer<unknown>): string {
  const status = response.status === undefined ? '' : ` (HTTP ${response.status})`;
  return `${status}: ${JSON.stringify(response.body, null, 2)}`;
}

/** The data of an answer without errors; fails the test, showing the errors, otherwise. */
export function dataOf<D>(response: GraphQLAnswer<D>): D {
  const { data, errors } = response.body ?? {};
  if (errors !== undefined) throw new Error(`Expected a GraphQL answer without errors, got errors${shown(response)}`);
  if (data === undefined || data === null) throw new Error(`Expected a GraphQL answer with data, got none${shown(response)}`);
  return data;
}

/** The data of an answer that also carries errors (a partial result); fails the test when there is no data. */
export function partialDataOf<D>(response: GraphQLAnswer<D>): D {
  const data = response.body?.data;
  if (data === undefined || data === null) throw new Error(`Expected a GraphQL answer with data, got none${shown(response)}`);
  return data;
}

/** The errors of an answer; fails the test when it has none. */
export function errorsOf(response: GraphQLAnswer<unknown>): GraphQLErrorBody[] {
  const errors = response.body?.errors;
  if (errors === undefined || errors.length === 0) throw new Error(`Expected a GraphQL answer with errors, got none${shown(response)}`);
  return errors;
}

/** The only (or first) error of an answer; fails the test when it has none. */
export function firstErrorOf(response: GraphQLAnswer<unknown>): GraphQLErrorBody {
  return firstOf(errorsOf(response), 'errors');
}

/** `value`, asserted to be neither undefined nor null; `what` names it in the failure message. */
export function defined<T>(value: T | null | undefined, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`Expected ${what} to be present, got ${value}`);
  return value;
}

/** The first item of a list the test requires to be non-empty. */
export function firstOf<T>(items: readonly T[], what = 'list'): T {
  if (items.length === 0) throw new Error(`Expected ${what} to have a first item, but it is empty`);
  return items[0] as T;
}

/** The last item of a list the test requires to be non-empty. */
export function lastOf<T>(items: readonly T[], what = 'list'): T {
  if (items.length === 0) throw new Error(`Expected ${what} to have a last item, but it is empty`);
  return items[items.length - 1] as T;
}

/** The item at `index` of a list the test requires to be that long. */
export function itemOf<T>(items: readonly T[], index: number, what = 'list'): T {
  if (!Number.isInteger(index) || index < 0 || index >= items.length) throw new Error(`Expected ${what} to have an item at ${index}, but it has ${items.length}`);
  return items[index] as T;
}
