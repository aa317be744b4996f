/**
 * The SSE transport's refusals as the gateway words refusals: a JSON body of GraphQL errors, each with a
 * stable `extensions.code` and one sentence. graphql-sse answers some refusals with a bare status, and
 * others with errors that carry no code; both are completed here.
 */
import type { ServerResponse } from 'node:http';
import type { Response as StreamResponse, ResponseInit as StreamResponseInit } from 'graphql-sse';
import type { CallerCredentials } from '../credentials';
import { MISSING_AUTHORIZATION_MESSAGE } from '../credentials';
import { ErrorCode, isGatewayError } from '../errors';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** graphql-sse's bare-status refusals, in words. */
const STATUS_MESSAGES: Record<number, string> = {
  404: 'Send the X-GraphQL-Event-Stream-Token of a stream you reserved, or Accept: text/event-stream for a stream of its own.',
  405: 'Use GET or POST to run a subscription, PUT to reserve a stream and DELETE to end an operation on it.',
  406: 'The Accept header does not fit the request: text/event-stream to open a stream, application/json to add an operation to a reserved one.',
  415: 'A POST body must be JSON, sent with Content-Type: application/json.',
};

/** A refusal made by the transport itself, in graphql-sse's response form. */
export function streamRefusal(status: number, code: string, message: string): readonly [string, StreamResponseInit] {
  const headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE, ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}) };
  return [JSON.stringify({ errors: [{ message, extensions: { code } }] }), { status, statusText: '', headers }];
}

/** Credentials that cannot start a subscription: malformed (the reason given) or without a token. */
export function credentialsRefusal(credentials: CallerCredentials): StreamResponse {
  const { problem } = credentials;
  if (isGatewayError(problem)) {
    const code = String(problem.extensions.code);
    return streamRefusal(code === ErrorCode.UNAUTHENTICATED ? 401 : 400, code, problem.message);
  }
  return streamRefusal(401, ErrorCode.UNAUTHENTICATED, MISSING_AUTHORIZATION_MESSAGE);
}

/** Writes a refusal (status 400 and above) with every error given a code and a sentence. */
export function sendRefusal(res: ServerResponse, body: string | null, init: StreamResponseInit): void {
  const fallbackCode = codeForStatus(init.status);
  const errors = errorsIn(body) ?? [{ message: STATUS_MESSAGES[init.status] ?? 'The event stream request was refused.' }];
  const worded = errors.map((error) => ({
    message: /[.!?]$/.test(error.message) ? error.message : `${error.message}.`,
    extensions: { code: typeof error.extensions?.code === 'string' ? error.extensions.code : fallbackCode },
  }));
  res.writeHead(init.status, { ...init.headers, 'content-type': JSON_CONTENT_TYPE });
  res.end(JSON.stringify({ errors: worded }));
}

interface ErrorLike {
  message: string;
  extensions?: { code?: unknown };
}

/** The errors of a JSON refusal body, or undefined when it has none. */
function errorsIn(body: string | null): ErrorLike[] | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return undefined;
    const errors = parsed.errors.filter((error): error is ErrorLike => typeof (error as ErrorLike | null)?.message === 'string');
    return errors.length > 0 ? errors : undefined;
  } catch {
    return undefined;
  }
}

function codeForStatus(status: number): string {
  if (status === 401) return ErrorCode.UNAUTHENTICATED;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 503) return ErrorCode.UPSTREAM_UNAVAILABLE;
  return 'BAD_REQUEST';
}
