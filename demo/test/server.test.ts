/** The HTTP edge: request log, in-flight accounting, injected delay, conditional GET, and a real close(). */
import { request as httpRequest, Agent } from 'node:http';
import { createDemoStore } from '../src/store';
import { startDemoUpstream, type DemoUpstream } from '../src/server';
import { call, demoHeaders } from './demoClient';
import { probe, untilHeld } from './probe';

describe('request log', () => {
  let upstream: DemoUpstream;
  beforeAll(async () => {
    upstream = await startDemoUpstream();
  });
  afterAll(() => upstream.close());
  beforeEach(() => upstream.clearLog());

  it('records method, path, decoded query, lower-cased headers, status and body', async () => {
    await call(upstream.url, '/api/v1/syncs/4/sync_runs?status=success&note=a%20b', {
      headers: { ...demoHeaders, 'X-Custom-Header': 'kept' },
    });
    await call(upstream.url, '/api/v1/schedule_syncs', { method: 'POST', body: { schedule_sync: { sync_id: 2 } } });

    expect(upstream.requests).toHaveLength(2);
    const [list, post] = upstream.requests;
    expect(list).toMatchObject({
      method: 'GET',
      path: '/api/v1/syncs/4/sync_runs',
      query: { status: 'success', note: 'a b' },
      status: 200,
      inFlightAtStart: 0,
    });
    expect(list!.headers).toMatchObject({ authorization: demoHeaders.authorization, 'workspace-id': '1', 'x-custom-header': 'kept' });
    expect(list!.body).toBeUndefined();
    expect(list!.finishedAt).toBeGreaterThanOrEqual(list!.startedAt);
    expect(post).toMatchObject({ method: 'POST', status: 200, body: { schedule_sync: { sync_id: 2 } } });
  });

  it('keeps the same array when cleared', async () => {
    const log = upstream.requests;
    await call(upstream.url, '/api/v1/workspaces');
    upstream.clearLog();
    expect(upstream.requests).toBe(log);
    expect(log).toEqual([]);
  });
});

describe('in-flight accounting', () => {
  it('counts the requests already in flight at each arrival', async () => {
    const upstream = await startDemoUpstream({ store: createDemoStore() });
    try {
      // The gate keeps all four in flight until the fourth arrives, so the counts are exact.
      const gate = upstream.holdResponses(4);
      await Promise.all([1, 2, 3, 4].map((id) => call(upstream.url, `/api/v1/syncs/${id}`)));
      expect(await gate.opened).toEqual({ filled: true, arrived: 4, expected: 4 });
      expect(upstream.requests.map((entry) => entry.inFlightAtStart).sort()).toEqual([0, 1, 2, 3]);

      upstream.clearLog();
      await call(upstream.url, '/api/v1/syncs/1');
      await call(upstream.url, '/api/v1/syncs/2');
      expect(upstream.requests.map((entry) => entry.inFlightAtStart)).toEqual([0, 0]);
    } finally {
      await upstream.close();
    }
  });
});

describe('injected delay', () => {
  it('holds the response back for delayMs, and close() ends the wait', async () => {
    const upstream = await startDemoUpstream({ delayMs: 60_000 });
    const pending = probe(upstream, 1);
    // Without a delay the response goes out in the same turn as the body is read; here it waits.
    await untilHeld(upstream, 1);
    await upstream.close();
    await expect(pending).rejects.toThrow();
  });

  it('answers once the delay is over', async () => {
    const upstream = await startDemoUpstream({ delayMs: 5 });
    try {
      expect(await probe(upstream, 1)).toBe(404);
      expect(upstream.requests.map((entry) => entry.status)).toEqual([404]);
    } finally {
      await upstream.close();
    }
  });
});

describe('setDelayMs', () => {
  it('applies a longer delay to the next responses, and a shorter one lets them through', async () => {
    const upstream = await startDemoUpstream();
    try {
      upstream.setDelayMs(60_000);
      const held = probe(upstream, 1);
      await untilHeld(upstream, 1);
      // The wait already running keeps its 60 s; a new request after the change is not held.
      upstream.setDelayMs(0);
      expect(await probe(upstream, 2)).toBe(404);
      expect(upstream.requests.map((entry) => entry.status)).toEqual([0, 404]);
      await upstream.close();
      await expect(held).rejects.toThrow();
    } finally {
      await upstream.close();
    }
  });

  it('rejects a negative or non-finite delay', async () => {
    const upstream = await startDemoUpstream();
    try {
      expect(() => upstream.setDelayMs(-1)).toThrow(RangeError);
      expect(() => upstream.setDelayMs(Number.NaN)).toThrow(RangeError);
    } finally {
      await upstream.close();
    }
  });
});

describe('HTTP details', () => {
  let upstream: DemoUpstream;
  beforeAll(async () => {
    upstream = await startDemoUpstream();
  });
  afterAll(() => upstream.close());

  it('sends a weak ETag and answers a matching If-None-Match with 304', async () => {
    const first = await fetch(`${upstream.url}/api/v1/syncs/1`, { headers: demoHeaders });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('max-age=0, private, must-revalidate');
    await first.text();
    const second = await fetch(`${upstream.url}/api/v1/syncs/1`, { headers: { ...demoHeaders, 'if-none-match': etag! } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe('');
  });

  it('marks errors as not cacheable and JSON', async () => {
    const response = await call(upstream.url, '/api/v1/syncs', { headers: {} });
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });
});

describe('lifecycle', () => {
  it('starts nothing at import time', () => {
    const before = process.getActiveResourcesInfo().length;
    jest.isolateModules(() => {
      require('../src/server');
      require('../src/store');
      require('../src/seed');
    });
    expect(process.getActiveResourcesInfo().length).toBe(before);
  });

  it('listens only once started, on 127.0.0.1 with a random port', async () => {
    const upstream = await startDemoUpstream();
    expect(upstream.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await upstream.close();
  });

  it('closes keep-alive connections and stops listening', async () => {
    const upstream = await startDemoUpstream();
    const agent = new Agent({ keepAlive: true });
    const get = () =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${upstream.url}/api/v1/workspaces`, { agent, headers: demoHeaders }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await get()).toBe(200);
    const [socket] = Object.values(agent.freeSockets).flat();
    expect(socket).toBeDefined();
    const socketClosed = new Promise((resolve) => socket!.once('close', resolve));

    await upstream.close();
    await socketClosed;
    await expect(fetch(`${upstream.url}/api/v1/workspaces`)).rejects.toThrow();
    await upstream.close(); // idempotent
    agent.destroy();
  });
});

describe('request log bound', () => {
  it('keeps only the newest maxLogEntries entries', async () => {
    const upstream = await startDemoUpstream({ maxLogEntries: 3 });
    try {
      for (const page of [1, 2, 3, 4, 5]) await fetch(`${upstream.url}/api/v1/syncs?page=${page}`);
      expect(upstream.requests.map((r) => r.query.page)).toEqual(['3', '4', '5']);
    } finally {
      await upstream.close();
    }
  });
});
