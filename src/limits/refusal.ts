/**
 * The names of the gateway's refusals: every limit or gate that turns a request (or, for
 * `representations` and `upstream_requests`, part of one) away. The list is closed, so a metric may
 * use it as a label (src/observability/metrics.ts counts refusals by it).
 *
 * The HTTP edge knows which refusal it makes and says so directly. A refusal made inside Apollo
 * (validation, a plugin, a resolver) travels as an error; `tagRefusal` marks that error with its limit
 * under a symbol, which nothing serializes, so no response changes, and `refusalLimitOf` reads it back
 * from the error Apollo wraps around it.
 */
import { GraphQLError } from 'graphql';

export const REFUSAL_LIMITS = [
  /** 401: no, several or malformed Authorization headers (src/http/callerGate.ts). */
  'credentials',
  /** 413: MAX_REQUEST_BYTES. */
  'body_size',
  /** 415: a body not encoded as UTF-8. */
  'charset',
  /** 415: a POST body that is not JSON. */
  'content_type',
  /** 400: a JSON body that does not parse. */
  'json_syntax',
  /** MAX_QUERY_NESTING (the pre-parse scan), or a document too deep for the parser. */
  'nesting',
  /** A name longer than the pre-parse scan allows. */
  'name_length',
  /** MAX_ROOT_FIELDS (the pre-parse scan or the shape check). */
  'root_fields',
  /** Too many `_entities` fields (the pre-parse scan or the shape check). */
  'entity_fetches',
  /** MAX_QUERY_TOKENS, while parsing. */
  'tokens',
  /** MAX_QUERY_DEPTH, MAX_QUERY_ALIASES, MAX_QUERY_DIRECTIVES, MAX_REPEATED_FIELDS (the shape check). */
  'depth',
  'aliases',
  'directives',
  'repeated_fields',
  /** MAX_QUERY_COST. */
  'cost',
  /** MAX_ENTITY_REPRESENTATIONS, checked by `_entities` before any upstream request. */
  'representations',
  /** 403: `_service`/`_entities` without ROUTER_SECRET (src/federation/routerGate.ts). */
  'router_only',
  /** MAX_UPSTREAM_REQUESTS_PER_OPERATION: the operation's further upstream calls are refused. */
  'upstream_requests',
  /** MAX_SUBSCRIPTIONS_PER_CONNECTION or MAX_SUBSCRIPTIONS_PER_PROCESS (src/subscriptions/slots.ts). */
  'subscriptions',
  /** A query or mutation sent over a subscription transport (WebSocket, SSE), where no HTTP limits run. */
  'transport',
] as const;

export type RefusalLimit = (typeof REFUSAL_LIMITS)[number];

/** How graphql-js words the token limit it enforces while parsing (parseOptions.maxTokens). */
export const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more th[ae][nt] \d+ tokens/;

const LIMIT = Symbol('refusal limit');

type Tagged = Error & { [LIMIT]?: RefusalLimit };

/** Marks `error` as the refusal by `limit`, and returns it. */
export function tagRefusal<E extends Error>(error: E, limit: RefusalLimit): E {
  (error as Tagged)[LIMIT] = limit;
  return error;
}

/** The limit behind an error Apollo reports (looking through the errors it wraps), or undefined. */
export function refusalLimitOf(error: unknown): RefusalLimit | undefined {
  const parseFailed = error instanceof GraphQLError && error.extensions.code === 'GRAPHQL_PARSE_FAILED';
  for (let current = error, hops = 0; current instanceof Error && hops < 5; hops++) {
    const tagged = (current as Tagged)[LIMIT];
    if (tagged) return tagged;
    if (parseFailed && TOKEN_LIMIT_MESSAGE.test(current.message)) return 'tokens';
    // The parser's stack overflow: the last net behind the pre-parse scan's nesting limit.
    if (parseFailed && current instanceof RangeError) return 'nesting';
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}
