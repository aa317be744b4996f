/**
 * Every error envelope of the upstream (docs/upstream-contract.md §4.2: A render_error, B contract validation,
 * C catch-all bad request, D bare `error` string, E Rails' own answers) and the vendor docs'
 * `{message, status}` shape, mapped to a code and one sentence of the gateway's own. The upstream's
 * words go to the logs (`detail`), never into the message. Transport failures likewise.
 */
import { errors as undiciErrors } from 'undici';
import { upstreamDetail } from '../../src/upstream/errorBody';
import { callerCircuitOpenError, circuitOpenError, mapUpstreamStatus, requestLimitError, shutdownError, transportFailureError } from '../../src/upstream/errorMapping';
import { GatewayShutdownError } from '../../src/upstream/shutdown';
import { classifyTransportError, type TransportFailureKind } from '../../src/upstream/transportFailure';
import error400InvalidParams from '../fixtures/upstream-samples/error-400-invalid-params.json';
import error400MissingWorkspace from '../fixtures/upstream-samples/error-400-missing-workspace.json';
import error401 from '../fixtures/upstream-samples/error-401.json';
import error403 from '../fixtures/upstream-samples/error-403-forbidden.json';
import error404 from '../fixtures/upstream-samples/error-404-sync-run-not-found.json';

const renderError = (status: number, detail: string, source?: Record<string, string>) => ({
  errors: [{ status, title: 'Error', detail, ...(source ? { source } : {}) }],
});
const badRequest = (message: string) => ({
  errors: [{ status: 400, title: 'Bad Request', detail: `There was a problem with the request format: ${message}`, source: { pointer: '/request/payload' } }],
});

const cases: Array<[string, number, unknown, string, string, string | undefined]> = [
  // 400
  ['B: a contract error on a query parameter', 400, error400InvalidParams, 'BAD_USER_INPUT', 'The AI Squared API rejected the value of "page".', 'page must be an integer'],
  ['B: several parameters', 400, { errors: { status: ['must be a valid status'], sync_id: ['must be an integer'] } }, 'BAD_USER_INPUT', 'The AI Squared API rejected the value of "status", "sync_id".', 'status must be a valid status; sync_id must be an integer'],
  ['B: a nested body field', 400, { errors: { sync: { schedule_type: ['invalid schedule type'] } } }, 'BAD_USER_INPUT', 'The AI Squared API rejected the value of "sync.schedule_type".', 'sync.schedule_type invalid schedule type'],
  ['B: a key that is not a plain name is not repeated', 400, { errors: { 'page<script>': ['x'] } }, 'BAD_USER_INPUT', 'The AI Squared API rejected the request as malformed.', 'page<script> x'],
  ['C: missing or foreign Workspace-Id', 400, error400MissingWorkspace, 'BAD_USER_INPUT', 'The Workspace-Id header is missing or names a workspace you cannot access.', 'There was a problem with the request format: Workspace not found'],
  ['C: Workspace-Id not found, with a hosted build\'s suffix', 400, badRequest('Workspace not found: workspace_id=42'), 'BAD_USER_INPUT', 'The Workspace-Id header is missing or names a workspace you cannot access.', 'There was a problem with the request format: Workspace not found: workspace_id=42'],
  ['C: the state machine refuses to enable', 400, badRequest("Event 'enable' cannot transition from 'healthy'"), 'FAILED_PRECONDITION', "The sync's current status does not allow this change; read its status and try again.", "There was a problem with the request format: Event 'enable' cannot transition from 'healthy'"],
  ['C: the state machine refuses to disable', 400, badRequest("Event 'disable' cannot transition from 'disabled'."), 'FAILED_PRECONDITION', "The sync's current status does not allow this change; read its status and try again.", "There was a problem with the request format: Event 'disable' cannot transition from 'disabled'."],
  ['C: any other exception', 400, badRequest('divided by 0'), 'BAD_USER_INPUT', 'The AI Squared API rejected the request as malformed.', 'There was a problem with the request format: divided by 0'],
  ['E: a body Rails could not parse (JSON Accept)', 400, { status: 400, error: 'Bad Request' }, 'UPSTREAM_ERROR', 'The AI Squared API could not read the request the gateway sent (HTTP 400).', 'Bad Request'],
  ['E: a body Rails could not parse (no body)', 400, undefined, 'UPSTREAM_ERROR', 'The AI Squared API could not read the request the gateway sent (HTTP 400).', undefined],
  // 401, 403
  ['A: 401', 401, error401, 'UNAUTHENTICATED', 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.', 'Unauthorized'],
  ['docs: 401', 401, { message: 'Unauthorized', status: 'unauthorized' }, 'UNAUTHENTICATED', 'The AI Squared API rejected the bearer token: it is missing, invalid or expired.', 'Unauthorized'],
  ['A: 403', 403, error403, 'FORBIDDEN', 'Your role in this workspace does not allow this action.', 'You are not authorized to do this action'],
  ['docs: 403', 403, { message: 'Forbidden', status: 'forbidden' }, 'FORBIDDEN', 'Your role in this workspace does not allow this action.', 'Forbidden'],
  ['A: 403 of a hosted build until the EULA is accepted', 403, renderError(403, 'You must accept the EULA before accessing the API.'), 'FORBIDDEN', 'The AI Squared API requires you to accept its end-user licence agreement (EULA) before using the API.', 'You must accept the EULA before accessing the API.'],
  // 404 (loaders turn NOT_FOUND into null on nullable fields)
  ['A: 404 from a controller', 404, error404, 'NOT_FOUND', 'The requested resource does not exist in this workspace.', 'SyncRun not found'],
  ['D: 404 from find', 404, { error: "Couldn't find Sync with 'id'=999 [WHERE \"syncs\".\"workspace_id\" = $1]" }, 'NOT_FOUND', 'The requested resource does not exist in this workspace.', "Couldn't find Sync with 'id'=999 [WHERE \"syncs\".\"workspace_id\" = $1]"],
  ['docs: 404', 404, { message: 'SyncRun not found', status: 'not_found' }, 'NOT_FOUND', 'The requested resource does not exist in this workspace.', 'SyncRun not found'],
  // 422
  ['A: 422 with a source map', 422, renderError(422, 'Sync creation failed', { stream_name: "can't be blank" }), 'BAD_USER_INPUT', 'The AI Squared API rejected the submitted value of "stream_name".', 'Sync creation failed'],
  ['A: 422 without a source map', 422, renderError(422, 'Sync update failed'), 'BAD_USER_INPUT', 'The AI Squared API rejected the submitted values.', 'Sync update failed'],
  ['D: 422 for a missing root parameter', 422, { error: 'param is missing or the value is empty: sync' }, 'BAD_USER_INPUT', 'The AI Squared API found the required parameter "sync" missing or empty.', 'param is missing or the value is empty: sync'],
  ['D: 422 naming a parameter that is not a plain name', 422, { error: 'param is missing or the value is empty: <b>x</b>' }, 'BAD_USER_INPUT', 'The AI Squared API found a required parameter missing or empty.', 'param is missing or the value is empty: <b>x</b>'],
  // 424
  ['A: 424 active run', 424, renderError(424, 'Sync cannot be scheduled due to active sync run'), 'FAILED_PRECONDITION', 'A run of this sync is already active; wait for it to finish or cancel it first.', 'Sync cannot be scheduled due to active sync run'],
  ['A: 424 disabled', 424, renderError(424, 'Sync is disabled'), 'FAILED_PRECONDITION', 'The sync is disabled; enable it before running or canceling it.', 'Sync is disabled'],
  ['A: 424 not manual', 424, renderError(424, 'Sync Schedule type should be manual'), 'FAILED_PRECONDITION', 'Only syncs with a manual schedule can be run or canceled on demand.', 'Sync Schedule type should be manual'],
  ['A: 424 nothing to cancel', 424, renderError(424, 'Sync cannot be cancelled due to no active sync run'), 'FAILED_PRECONDITION', 'The sync has no active run to cancel.', 'Sync cannot be cancelled due to no active sync run'],
  ['A: 424 unknown wording', 424, renderError(424, 'Something new'), 'FAILED_PRECONDITION', 'The sync is not in a state that allows this action.', 'Something new'],
  // 429
  ['429 from rack-attack', 429, { error: 'Too many login attempts. Please try again in 20 seconds.' }, 'RATE_LIMITED', 'The AI Squared API is rate limiting these requests; retry later.', 'Too many login attempts. Please try again in 20 seconds.'],
  ['docs: 429', 429, { message: 'Rate limit exceeded', status: 'too_many_requests' }, 'RATE_LIMITED', 'The AI Squared API is rate limiting these requests; retry later.', 'Rate limit exceeded'],
  // 5xx and anything unexpected
  ["Rails' JSON 500", 500, { status: 500, error: 'Internal Server Error' }, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 500).', 'Internal Server Error'],
  ['a 500 that is not JSON', 500, undefined, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 500).', undefined],
  ['502', 502, undefined, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 502).', undefined],
  ['503', 503, { status: 503, error: 'Service Unavailable' }, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 503).', 'Service Unavailable'],
  ['504', 504, undefined, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 504).', undefined],
  ['an unexpected 4xx', 409, renderError(409, 'Conflict'), 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 409).', 'Conflict'],
  ['a redirect (never followed)', 302, undefined, 'UPSTREAM_ERROR', 'The AI Squared API failed to answer this request (HTTP 302).', undefined],
];

describe('mapUpstreamStatus', () => {
  it.each(cases)('%s (HTTP %i)', (_name, status, body, code, message, detail) => {
    const mapped = mapUpstreamStatus(status, body);
    expect({ message: mapped.error.message, extensions: mapped.error.extensions, detail: mapped.detail }).toEqual({ message, extensions: { code }, detail });
  });

  it('reads an error map nested 100,000 levels deep without overflowing the stack, down to 8 levels', () => {
    const depth = 100_000;
    const deep = JSON.parse(`{"errors":${'{"a":'.repeat(depth)}["too deep"]${'}'.repeat(depth)}}`);
    expect(mapUpstreamStatus(400, deep)).toMatchObject({ error: { message: 'The AI Squared API rejected the request as malformed.' }, detail: undefined });
    const shallow = { errors: { a: { b: { c: ['is wrong'] } } } };
    expect(mapUpstreamStatus(400, shallow)).toMatchObject({ error: { message: 'The AI Squared API rejected the value of "a.b.c".' }, detail: 'a.b.c is wrong' });
  });

  it('never repeats the upstream detail in the message', () => {
    for (const [, status, body] of cases) {
      const { error, detail } = mapUpstreamStatus(status, body);
      if (detail && detail.length > 12) expect(error.message).not.toContain(detail);
    }
  });
});

describe('upstreamDetail', () => {
  it('reads nothing from bodies that are not error objects', () => {
    expect([null, undefined, 'text', 42, [], ['a'], {}, { errors: [] }, { errors: [{ status: 500 }] }].map((body) => upstreamDetail(body))).toEqual(
      Array(9).fill(undefined),
    );
  });

  it('joins the details of several render_error entries', () => {
    expect(upstreamDetail({ errors: [{ detail: 'one' }, { title: 'two' }] })).toBe('one; two');
  });
});

describe('transport failures', () => {
  it.each([
    [new undiciErrors.ConnectTimeoutError(), 'head', 'connect-timeout'],
    [new undiciErrors.HeadersTimeoutError(), 'head', 'headers-timeout'],
    [new undiciErrors.BodyTimeoutError(), 'body', 'body-timeout'],
    [new undiciErrors.ResponseExceededMaxSizeError(), 'body', 'too-large'],
    [new undiciErrors.ResponseContentLengthMismatchError(), 'body', 'incomplete'],
    [new undiciErrors.SocketError('other side closed'), 'head', 'reset'],
    [new undiciErrors.SocketError('other side closed'), 'body', 'incomplete'],
    [new undiciErrors.RequestAbortedError(), 'head', 'aborted'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'head', 'reset'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'head', 'refused'],
    [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), 'head', 'refused'],
    [Object.assign(new Error('Parse Error'), { code: 'HPE_INVALID_CONSTANT' }), 'head', 'malformed'],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'head', 'deadline'],
    [new DOMException('This operation was aborted', 'AbortError'), 'body', 'aborted'],
    [new GatewayShutdownError(), 'head', 'shutdown'],
    [new GatewayShutdownError(), 'body', 'shutdown'],
    [new Error('something else'), 'head', 'other'],
    [undefined, 'head', 'other'],
  ] as Array<[unknown, 'head' | 'body', TransportFailureKind]>)('classifies %p in the %s phase as %s', (error, phase, kind) => {
    expect(classifyTransportError(error, phase)).toBe(kind);
  });

  const UNKNOWN = 'The connection to the AI Squared API failed before it confirmed this change, so it may or may not have been applied; check before retrying.';
  it.each([
    ['connect-timeout', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.'],
    ['refused', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.'],
    ['reset', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    ['headers-timeout', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    ['body-timeout', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer in time.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    ['deadline', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API did not answer within the time this operation is allowed.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    ['aborted', 'UPSTREAM_UNAVAILABLE', 'The request to the AI Squared API was cancelled.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    [
      'shutdown',
      'UPSTREAM_UNAVAILABLE',
      'The gateway is shutting down; retry the request.',
      'UPSTREAM_UNAVAILABLE',
      'The gateway is shutting down and stopped waiting for the AI Squared API to confirm this change, so it may or may not have been applied; check before retrying.',
    ],
    ['incomplete', 'UPSTREAM_ERROR', 'The AI Squared API sent an incomplete response.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
    ['too-large', 'UPSTREAM_ERROR', 'The AI Squared API sent a response larger than the gateway accepts.', 'UPSTREAM_ERROR', 'The AI Squared API sent a response larger than the gateway accepts.'],
    ['malformed', 'UPSTREAM_ERROR', 'The AI Squared API sent a response that is not valid HTTP.', 'UPSTREAM_ERROR', 'The AI Squared API sent a response that is not valid HTTP.'],
    ['other', 'UPSTREAM_UNAVAILABLE', 'The AI Squared API could not be reached.', 'UPSTREAM_UNAVAILABLE', UNKNOWN],
  ] as Array<[TransportFailureKind, string, string, string, string]>)('%s: a read and a write', (kind, readCode, readMessage, writeCode, writeMessage) => {
    const read = transportFailureError(kind, 'GET');
    const write = transportFailureError(kind, 'POST');
    expect([read.message, read.extensions, write.message, write.extensions]).toEqual([readMessage, { code: readCode }, writeMessage, { code: writeCode }]);
  });

  it('names the fail-fast, shutdown and request-cap refusals', () => {
    expect([circuitOpenError().message, circuitOpenError().extensions]).toEqual([
      'The AI Squared API is failing, so the gateway is not calling it for a few seconds; retry shortly.',
      { code: 'UPSTREAM_UNAVAILABLE' },
    ]);
    expect([callerCircuitOpenError().message, callerCircuitOpenError().extensions]).toEqual([
      'The AI Squared API keeps failing this request for your credentials, so the gateway is not sending it for a few seconds; retry shortly.',
      { code: 'UPSTREAM_UNAVAILABLE' },
    ]);
    expect([shutdownError().message, shutdownError().extensions]).toEqual(['The gateway is shutting down; retry the request.', { code: 'UPSTREAM_UNAVAILABLE' }]);
    expect([requestLimitError(200).message, requestLimitError(200).extensions]).toEqual([
      'This operation needs more than 200 requests to the AI Squared API, the most one operation may make; ask for fewer items or split the query.',
      { code: 'UPSTREAM_REQUEST_LIMIT' },
    ]);
  });
});
