/**
 * The caller's credentials: the only two inbound headers that ever reach the upstream.
 * They are validated here, once, so nothing malformed (CR/LF, non-integer workspace) can reach undici.
 */
import { ErrorCode, gatewayError } from './errors';

export interface CallerCredentials {
  /** The full `Authorization` header value (`Bearer <token>`), or undefined when absent. */
  authorization: string | undefined;
  /** The `Workspace-Id` header value as a decimal string, or undefined when absent. */
  workspaceId: string | undefined;
  /** Set when a header was present but malformed; reported on first upstream use. */
  problem: Error | undefined;
}

type HeaderLookup = (name: string) => string | undefined;

const BEARER = /^Bearer [A-Za-z0-9\-._~+/]+=*$/;
const WORKSPACE_ID = /^[1-9][0-9]{0,17}$/;
const MAX_AUTHORIZATION_LENGTH = 8192;

export const BEARER_FORM_MESSAGE = 'The Authorization header must have the form "Bearer <token>".';
export const MISSING_AUTHORIZATION_MESSAGE = 'Send an "Authorization: Bearer <token>" header to query the AI Squared API.';

/** Whether an Authorization value (trimmed) is one bearer token of a sane length. */
export function isBearerForm(value: string): boolean {
  return value.length <= MAX_AUTHORIZATION_LENGTH && BEARER.test(value);
}

/** Reads and validates Authorization and Workspace-Id; every other inbound header is ignored by design. */
export function readCallerCredentials(header: HeaderLookup): CallerCredentials {
  const rawAuth = header('authorization');
  const rawWorkspace = header('workspace-id');
  let problem: Error | undefined;
  let authorization: string | undefined;
  let workspaceId: string | undefined;

  if (rawAuth !== undefined && rawAuth !== '') {
    const value = rawAuth.trim();
    if (!isBearerForm(value)) {
      problem = gatewayError(ErrorCode.UNAUTHENTICATED, BEARER_FORM_MESSAGE);
    } else {
      authorization = value;
    }
  }
  if (rawWorkspace !== undefined && rawWorkspace !== '') {
    const value = rawWorkspace.trim();
    if (!WORKSPACE_ID.test(value)) {
      problem ??= gatewayError(ErrorCode.BAD_USER_INPUT, 'The Workspace-Id header must be a positive integer.');
    } else {
      workspaceId = value;
    }
  }
  return { authorization, workspaceId, problem };
}

/** Headers to send upstream for a request; throws the client-facing error when the caller cannot be served. */
export function upstreamHeadersFor(credentials: CallerCredentials, needsWorkspace: boolean): Record<string, string> {
  if (credentials.problem) throw credentials.problem;
  if (!credentials.authorization) {
    throw gatewayError(ErrorCode.UNAUTHENTICATED, MISSING_AUTHORIZATION_MESSAGE);
  }
  const headers: Record<string, string> = { authorization: credentials.authorization };
  if (needsWorkspace) {
    if (!credentials.workspaceId) {
      throw gatewayError(ErrorCode.BAD_USER_INPUT, 'The Workspace-Id header is missing; send the id of one of your workspaces (see Query.workspaces).');
    }
    headers['workspace-id'] = credentials.workspaceId;
  }
  return headers;
}
