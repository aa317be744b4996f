/**
 * The HTTP edge of the demo upstream: a node:http server on 127.0.0.1 (random port by default) that
 * answers like the AI Squared REST API over a DemoStore, and records every request it receives so
 * tests can assert batching, header forwarding and concurrency. Nothing listens until
 * startDemoUpstream() is called.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DemoRequest, DemoResponse } from './context';
import { dispatchDemoRequest } from './dispatch';
import { etagMatches, NO_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL, weakEtag } from './httpCache';
import { parseQuery } from './query';
import { createDemoStore, type DemoStore } from './store';

export interface UpstreamRequestLogEntry {
  method: string;
  /** Path without the query string, e.g. `/api/v1/syncs/4/sync_runs`. */
  path: string;
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** Every request header received, names lower-cased (repeated headers joined with `, `). */
  headers: Record<string, string>;
  /** Response status; 0 while the request is still in flight. */
  status: number;
  /** performance.now() at arrival. */
  startedAt: number;
  /** performance.now() just before the response was written; 0 while in flight. */
  finishedAt: number;
  /** Requests already in flight when this one arrived (> 0 proves the caller sent them concurrently). */
  inFlightAtStart: number;
  /** Parsed JSON body of POST/PATCH/PUT requests (the raw text when it was not valid JSON). */
  body?: unknown;
}

export interface DemoUpstream {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  store: DemoStore;
  /** The request log, in arrival order. */
  requests: UpstreamRequestLogEntry[];
  /** Empties the request log (the same array instance is kept). */
  clearLog(): void;
  /** Stops listening and destroys every open (keep-alive) connection. */
  close(): Promise<void>;
}

export interface StartDemoUpstreamOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Default: a fresh createDemoStore() with the default seed. */
  store?: DemoStore;
  /** Artificial latency before each response, so overlapping requests become observable (default 0). */
  delayMs?: number;
  /**
   * Most request log entries kept; older ones are dropped (default: unbounded, as tests need the whole
   * log). `npm start` bounds it so a long-running demo does not grow without limit.
   */
  maxLogEntries?: number;
}

const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);
const MAX_BODY_BYTES = 1024 * 1024;

export async function startDemoUpstream(options: StartDemoUpstreamOptions = {}): Promise<DemoUpstream> {
  const host = options.host ?? '127.0.0.1';
  const store = options.store ?? createDemoStore();
  const delayMs = options.delayMs ?? 0;
  const maxLogEntries = options.maxLogEntries ?? Number.POSITIVE_INFINITY;
  const requests: UpstreamRequestLogEntry[] = [];
  const pendingDelays = new Set<NodeJS.Timeout>();
  let inFlight = 0;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pendingDelays.delete(timer);
        resolve();
      }, ms);
      pendingDelays.add(timer);
    });

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const startedAt = performance.now();
    const method = req.method ?? 'GET';
    const [path, search] = splitTarget(req.url ?? '/');
    const headers = flattenHeaders(req);
    const entry: UpstreamRequestLogEntry = {
      method,
      path,
      query: parseQuery(search),
      headers,
      status: 0,
      startedAt,
      finishedAt: 0,
      inFlightAtStart: inFlight,
    };
    inFlight += 1;
    requests.push(entry);
    if (requests.length > maxLogEntries) requests.splice(0, requests.length - maxLogEntries);

    let response: DemoResponse;
    try {
      const rawBody = await readBody(req);
      let body: unknown;
      let bodyInvalid = false;
      if (rawBody === null) {
        response = { status: 413, body: { status: 413, error: 'Payload Too Large' } };
      } else {
        if (rawBody !== '' && BODY_METHODS.has(method)) {
          try {
            body = JSON.parse(rawBody);
          } catch {
            body = rawBody;
            bodyInvalid = true;
          }
          entry.body = body;
        }
        if (delayMs > 0) await wait(delayMs);
        const request: DemoRequest = {
          method,
          path,
          query: entry.query,
          headers,
          body: bodyInvalid ? undefined : body,
          bodyInvalid,
          baseUrl: `http://${headers.host ?? originOf(req)}${path}`,
        };
        response = dispatchDemoRequest(store, request);
      }
    } catch {
      response = { status: 500, body: { status: 500, error: 'Internal Server Error' } };
    }
    // Book-keeping happens before the response leaves, so a caller that has the response also sees
    // the finished log entry and a lowered in-flight count.
    const written = renderResponse(method, headers['if-none-match'], response, startedAt);
    entry.status = written.status;
    entry.finishedAt = performance.now();
    inFlight -= 1;
    if (res.destroyed) return;
    res.writeHead(written.status, written.headers);
    res.end(method === 'HEAD' ? undefined : written.body);
  };

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${formatHost(host)}:${port}`,
    store,
    requests,
    clearLog() {
      requests.length = 0;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of pendingDelays) clearTimeout(timer);
        pendingDelays.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface WrittenResponse {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** JSON body plus the headers Rails' default middleware adds (ETag/304, request id, runtime). */
function renderResponse(method: string, ifNoneMatch: string | undefined, response: DemoResponse, startedAt: number): WrittenResponse {
  const json = JSON.stringify(response.body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'x-frame-options': 'SAMEORIGIN',
    'x-request-id': randomUUID(),
    'x-runtime': ((performance.now() - startedAt) / 1000).toFixed(6),
  };
  if (response.status !== 200 && response.status !== 201) {
    headers['cache-control'] = NO_CACHE_CONTROL;
    headers['content-length'] = Buffer.byteLength(json);
    return { status: response.status, headers, body: json };
  }
  const etag = weakEtag(json);
  headers.etag = etag;
  headers['cache-control'] = REVALIDATE_CACHE_CONTROL;
  if ((method === 'GET' || method === 'HEAD') && etagMatches(ifNoneMatch, etag)) {
    delete headers['content-type'];
    return { status: 304, headers, body: '' };
  }
  headers['content-length'] = Buffer.byteLength(json);
  return { status: response.status, headers, body: json };
}

/** Path and query string of a request target (origin-form, or absolute-form from a proxy). */
function splitTarget(target: string): [string, string] {
  let rest = target;
  if (/^https?:\/\//i.test(rest)) rest = rest.replace(/^https?:\/\/[^/?#]*/i, '') || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const mark = rest.indexOf('?');
  return mark < 0 ? [rest, ''] : [rest.slice(0, mark), rest.slice(mark + 1)];
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headersDistinct).flatMap(([name, values]) => (values ? [[name, values.join(', ')]] : [])),
  );
}

function originOf(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${formatHost(address)}:${req.socket.localPort ?? 80}`;
}

function formatHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** The body as text, or null when it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
