/**
 * One log line per GraphQL request, whatever ends it (a rejection at the edge, a response, a
 * disconnect): its id, HTTP method, operation name, status, upstream request count, duration, and whether the
 * client went away first. The line is written when the response closes, from what the request's
 * handling recorded by then. No header, query, variable or body is logged: they carry the caller's
 * token and data (the logger scrubs credential shapes from every line besides).
 */
import type { ServerResponse } from 'node:http';
import type { GatewayContext } from '../context';
import type { Logger } from '../logger';

/** Filled in while the request is handled. */
interface RequestLogFacts {
  /** The request body, parsed when it is JSON. */
  body: unknown;
  context: GatewayContext | undefined;
}

interface RequestLogOptions {
  logger: Logger;
  requestId: string;
  /** GET or POST, as the client sent it (a GET query is no different to run, but cached and logged apart by proxies). */
  method: string;
  url: URL;
  /** The name Apollo resolved, preferred over the one the client sent. */
  resolvedName: (context: GatewayContext) => string | undefined;
}

export function logRequestOnClose(res: ServerResponse, options: RequestLogOptions): RequestLogFacts {
  const started = performance.now();
  const facts: RequestLogFacts = { body: undefined, context: undefined };
  res.once('close', () => {
    const { context } = facts;
    options.logger.info(
      {
        requestId: options.requestId,
        method: options.method,
        operationName: loggableName(context && options.resolvedName(context)) ?? sentName(facts.body, options.url),
        status: res.statusCode,
        upstreamRequests: context?.scope.stats.upstreamRequests ?? 0,
        durationMs: Math.round(performance.now() - started),
        ...(res.writableFinished ? {} : { aborted: true }),
      },
      'graphql request',
    );
  });
  return facts;
}

/** The operation name the client sent, in the body or the query string. */
function sentName(body: unknown, url: URL): string | undefined {
  if (body && typeof body === 'object' && typeof (body as { operationName?: unknown }).operationName === 'string') {
    return loggableName((body as { operationName: string }).operationName);
  }
  return loggableName(url.searchParams.get('operationName'));
}

/** A name for the log: a client chooses it, so only a GraphQL name of at most 100 characters is kept. */
function loggableName(name: string | null | undefined): string | undefined {
  return name && /^[_A-Za-z][_0-9A-Za-z]{0,99}$/.test(name) ? name : undefined;
}
