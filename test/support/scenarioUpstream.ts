/**
 * A scripted stand-in for the REST upstream, for fault injection over real sockets: node:http on
 * 127.0.0.1 port 0. Each route (path without query) answers with a script of behaviours, one per
 * request, the last one repeating; a script for one Authorization value (one tenant) takes precedence
 * over the route's. Held responses wait for `release()`, never for a timer.
 * Unscripted routes answer like the real API: 401 without a token, else 404 (envelope A).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Behaviour =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  /** Send nothing until release(); then answer with `then` (or drop the connection). */
  | { kind: 'hold'; then?: Behaviour }
  /** Send the head and the first part of a body, then nothing more until release() or close. */
  | { kind: 'stall-body'; part: string }
  /** Reset the connection (TCP RST) once the request is read. */
  | { kind: 'reset' }
  /** Declare `declaredLength` bytes, send `part`, close the connection. */
  | { kind: 'truncate'; part: string; declaredLength: number }
  /** A 200 JSON body of `bytes` bytes, streamed in chunks. */
  | { kind: 'huge'; bytes: number }
  | { kind: 'redirect'; status: number; location: string };

export const respond = {
  json: (status: number, body: unknown, headers?: Record<string, string>): Behaviour => ({ kind: 'json', status, body, headers }),
  raw: (status: number, body: string, headers?: Record<string, string>): Behaviour => ({ kind: 'raw', status, body, headers }),
  html: (status: number, body: string): Behaviour => ({ kind: 'raw', status, body, headers: { 'content-type': 'text/html; charset=utf-8' } }),
  hold: (then?: Behaviour): Behaviour => ({ kind: 'hold', then }),
  stallBody: (part: string): Behaviour => ({ kind: 'stall-body', part }),
  reset: (): Behaviour => ({ kind: 'reset' }),
  truncate: (part: string, declaredLength: number): Behaviour => ({ kind: 'truncate', part, declaredLength }),
  huge: (bytes: number): Behaviour => ({ kind: 'huge', bytes }),
  redirect: (location: string, status = 302): Behaviour => ({ kind: 'redirect', status, location }),
};

export interface ScenarioRequest {
  method: string;
  /** Path without the query string. */
  route: string;
  /** Path with the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ScenarioUpstream {
  url: string;
  readonly requests: ScenarioRequest[];
  /** Replaces the script of `route`: request n gets behaviours[n], the last one repeats. */
  script(route: string, ...behaviours: Behaviour[]): void;
  /** Like script, for the requests of `route` whose Authorization header is `authorization` only. */
  scriptFor(authorization: string, route: string, ...behaviours: Behaviour[]): void;
  /** Requests seen for `route` (all routes when omitted), only those with `authorization` when given. */
  count(route?: string, authorization?: string): number;
  /** Resolves once `route` has seen `n` requests in total. */
  waitForRequests(route: string, n: number): Promise<void>;
  /** Lets every held response answer (with its `then`) and every stalled body end. */
  release(): void;
  clearLog(): void;
  close(): Promise<void>;
}

/** The JSON:API body of a sync with the given id (enough for `sync(databaseId:) { databaseId }`). */
export function syncBody(id: number): unknown {
  return {
    data: {
      id: String(id),
      type: 'syncs',
      attributes: {
        source_id: 1,
        destination_id: 2,
        model_id: 3,
        configuration: {},
        schedule_type: 'manual',
        sync_mode: 'full_refresh',
        sync_interval: null,
        sync_interval_unit: null,
        cron_expression: null,
        stream_name: 'profiles',
        status: 'healthy',
        cursor_field: null,
        current_cursor_field: null,
        updated_at: '2025-03-14T09:21:07.412Z',
        created_at: '2025-03-01T08:00:00.000Z',
      },
    },
  };
}

/**
 * The JSON text of `depth` arrays nested in one another around `leaf` (`nestedArrays(2)` is `[[0]]`).
 * Text, not a value: V8's JSON.stringify overflows its stack a few thousand levels down.
 */
export function nestedArrays(depth: number, leaf = '0'): string {
  return `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`;
}

/** The JSON text of syncBody(id) with `configuration` replaced by the JSON text given. */
export function syncText(id: number, configuration: string): string {
  const text = JSON.stringify(syncBody(id));
  return text.replace('"configuration":{}', `"configuration":${configuration}`);
}

/** A 200 JSON:API list of the syncs given as JSON texts (syncText), on one page. */
export function syncPageOf(syncTexts: string[]): Behaviour {
  const items = syncTexts.map((text) => text.slice('{"data":'.length, -1));
  const links = { self: '/api/v1/syncs?page=1', first: '/api/v1/syncs?page=1', prev: null, next: null, last: '/api/v1/syncs?page=1' };
  return respond.raw(200, `{"data":[${items.join(',')}],"links":${JSON.stringify(links)}}`, { 'content-type': 'application/json; charset=utf-8' });
}

const unauthorized = respond.json(401, { errors: [{ status: 401, title: 'Error', detail: 'Unauthorized' }] });
const notFound = respond.json(404, { errors: [{ status: 404, title: 'Error', detail: 'Not found' }] });

export async function startScenarioUpstream(): Promise<ScenarioUpstream> {
  const requests: ScenarioRequest[] = [];
  const scripts = new Map<string, Behaviour[]>();
  const served = new Map<string, number>();
  const waiters: Array<{ route: string; n: number; resolve: () => void }> = [];
  let releases: Array<() => void> = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const route = path.split('?')[0]!;
      requests.push({ method: req.method ?? 'GET', route, path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const waiter of waiters.filter((w) => countOf(w.route) >= w.n)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      const tenantKey = `${req.headers.authorization ?? ''} ${route}`;
      const scriptKey = scripts.has(tenantKey) ? tenantKey : route;
      const script = scripts.get(scriptKey);
      const index = served.get(scriptKey) ?? 0;
      served.set(scriptKey, index + 1);
      const behaviour = script ? script[Math.min(index, script.length - 1)]! : req.headers.authorization ? notFound : unauthorized;
      perform(behaviour, req, res);
    });
  });

  function countOf(route?: string, authorization?: string): number {
    return requests.filter((r) => (route === undefined || r.route === route) && (authorization === undefined || r.headers.authorization === authorization)).length;
  }

  function perform(behaviour: Behaviour, req: IncomingMessage, res: ServerResponse): void {
    switch (behaviour.kind) {
      case 'json':
        send(res, behaviour.status, JSON.stringify(behaviour.body), { 'content-type': 'application/json; charset=utf-8', ...behaviour.headers });
        return;
      case 'raw':
        send(res, behaviour.status, behaviour.body, behaviour.headers ?? {});
        return;
      case 'hold':
        releases.push(() => (behaviour.then ? perform(behaviour.then, req, res) : req.socket.destroy()));
        return;
      case 'stall-body':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(behaviour.part.length * 10) });
        res.write(behaviour.part);
        releases.push(() => req.socket.destroy());
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'truncate':
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(behaviour.declaredLength) });
        res.write(behaviour.part, () => req.socket.destroy());
        return;
      case 'huge':
        streamHuge(res, behaviour.bytes);
        return;
      case 'redirect':
        send(res, behaviour.status, '', { location: behaviour.location });
        return;
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(route, ...behaviours) {
      scripts.set(route, behaviours);
      served.set(route, 0);
    },
    scriptFor(authorization, route, ...behaviours) {
      scripts.set(`${authorization} ${route}`, behaviours);
      served.set(`${authorization} ${route}`, 0);
    },
    count: countOf,
    waitForRequests(route, n) {
      if (countOf(route) >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ route, n, resolve }));
    },
    release() {
      const pending = releases;
      releases = [];
      pending.forEach((run) => run());
    },
    clearLog() {
      requests.length = 0;
    },
    async close() {
      releases = [];
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** Writes a syntactically valid JSON document of about `bytes` bytes, honouring backpressure. */
function streamHuge(res: ServerResponse, bytes: number): void {
  const head = '{"data":{"id":"1","type":"syncs","attributes":{"padding":"';
  const tail = '"}}}';
  const chunk = 'x'.repeat(64 * 1024);
  let remaining = Math.max(0, bytes - head.length - tail.length);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(head.length + remaining + tail.length) });
  res.write(head);
  const pump = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const piece = remaining >= chunk.length ? chunk : chunk.slice(0, remaining);
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  res.on('close', () => {
    remaining = 0;
  });
  pump();
}

/** A loopback URL where nothing listens (a port that was bound, then closed): connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
