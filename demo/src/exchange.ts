/**
 * One HTTP exchange of the demo upstream: log the arrival, let a response gate count it, read the
 * body, wait out the injected delay and the gate, dispatch (or give the answer a test armed), log the
 * answer, write it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DemoBuild, DemoRequest, DemoResponse } from './context';
import { dispatchDemoRequest } from './dispatch';
import { flattenHeaders, originOf, readBody, splitTarget } from './httpMessage';
import type { InjectedAnswers } from './injectedAnswers';
import { parseQuery } from './query';
import { renderResponse } from './renderResponse';
import type { RequestLog, UpstreamRequestLogEntry } from './requestLog';
import type { ResponseGates } from './responseGate';
import type { DemoStore } from './store';

export interface ExchangeDeps {
  store: DemoStore;
  log: RequestLog;
  gates: ResponseGates<UpstreamRequestLogEntry>;
  /** Answers a test armed for requests a well-behaved client never sends. */
  answers: InjectedAnswers;
  build: DemoBuild;
  /** The injected latency before a response; settles never once the server closes. */
  delay(): Promise<void>;
}

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);
const PAYLOAD_TOO_LARGE: DemoResponse = { status: 413, body: { status: 413, error: 'Payload Too Large' } };
const INTERNAL_ERROR: DemoResponse = { status: 500, body: { status: 500, error: 'Internal Server Error' } };

export function createExchangeHandler(deps: ExchangeDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const method = req.method ?? 'GET';
    const [path, search] = splitTarget(req.url ?? '/');
    const headers = flattenHeaders(req);
    const entry = deps.log.begin({ method, path, query: parseQuery(search), headers });
    let response: DemoResponse;
    try {
      response = await answer(deps, req, entry);
    } catch {
      response = INTERNAL_ERROR;
    }
    const written = renderResponse(method, headers['if-none-match'], response, entry.startedAt);
    deps.log.finish(entry, written.status);
    if (res.destroyed) return;
    res.writeHead(written.status, written.headers);
    res.end(method === 'HEAD' ? undefined : written.body);
  };
}

async function answer(deps: ExchangeDeps, req: IncomingMessage, entry: UpstreamRequestLogEntry): Promise<DemoResponse> {
  // Counted on arrival, before the body is read: "in flight" starts when the request reaches us. (A
  // gate's match that throws becomes a 500 here rather than a request left unanswered.)
  const held = deps.gates.admit(entry);
  const rawBody = await readBody(req);
  if (rawBody === null) {
    await held;
    return PAYLOAD_TOO_LARGE;
  }
  const { body, bodyInvalid } = parseBody(entry.method, rawBody);
  if (body !== undefined) entry.body = body;
  await deps.delay();
  await held;
  const injected = deps.answers.take(entry);
  if (injected) return injected;
  const request: DemoRequest = {
    method: entry.method,
    path: entry.path,
    query: entry.query,
    headers: entry.headers,
    body: bodyInvalid ? undefined : body,
    bodyInvalid,
    baseUrl: `http://${entry.headers.host ?? originOf(req)}${entry.path}`,
  };
  return dispatchDemoRequest(deps.store, request, deps.build);
}

/** The JSON body of a write; the raw text, flagged invalid, when it is not JSON. Other methods: none. */
function parseBody(method: string, rawBody: string): { body: unknown; bodyInvalid: boolean } {
  if (rawBody === '' || !BODY_METHODS.has(method)) return { body: undefined, bodyInvalid: false };
  try {
    return { body: JSON.parse(rawBody) as unknown, bodyInvalid: false };
  } catch {
    return { body: rawBody, bodyInvalid: true };
  }
}
