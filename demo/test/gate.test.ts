/**
 * Response gates (DemoUpstream.holdResponses): a gate of N holds responses until the N-th counted
 * request arrives, then answers them all; a caller that sends one request at a time never fills it,
 * and the gate then opens by itself and says so.
 */
import { startDemoUpstream, type DemoUpstream, type GateOutcome } from '../src/server';
import { call } from './demoClient';
import { heldRequests, probe, untilHeld } from './probe';

let upstream: DemoUpstream;
beforeAll(async () => {
  upstream = await startDemoUpstream();
});
afterAll(() => upstream.close());
beforeEach(() => upstream.clearLog());

/** The outcome once the gate opened, undefined while it still holds. */
function watch(opened: Promise<GateOutcome>): () => GateOutcome | undefined {
  let outcome: GateOutcome | undefined;
  void opened.then((value) => {
    outcome = value;
  });
  return () => outcome;
}

describe('a gate of N', () => {
  it('holds the first N-1 responses and answers them all when the N-th request arrives', async () => {
    const gate = upstream.holdResponses(3);
    const outcome = watch(gate.opened);
    const first = [probe(upstream, 1), probe(upstream, 2)];
    await untilHeld(upstream, 2);
    expect(gate.arrived).toBe(2);
    expect(outcome()).toBeUndefined();

    const third = probe(upstream, 3);
    expect(await Promise.all([...first, third])).toEqual([404, 404, 404]);
    expect(await gate.opened).toEqual({ filled: true, arrived: 3, expected: 3 });
    // All three were in flight together, so the in-flight counts are exact.
    expect(upstream.requests.map((entry) => entry.inFlightAtStart).sort()).toEqual([0, 1, 2]);
  });

  it('counts exactly N: later requests pass through uncounted', async () => {
    const gate = upstream.holdResponses(2);
    await Promise.all([probe(upstream, 1), probe(upstream, 2)]);
    expect(await probe(upstream, 3)).toBe(404);
    expect(await gate.opened).toEqual({ filled: true, arrived: 2, expected: 2 });
    expect(gate.arrived).toBe(2);
  });

  it('counts and holds only what its match accepts; other requests are answered meanwhile', async () => {
    const gate = upstream.holdResponses(2, { match: (entry) => entry.method === 'POST' });
    const held = probe(upstream, 1);
    await untilHeld(upstream, 1);
    expect((await call(upstream.url, '/api/v1/workspaces')).status).toBe(200);
    expect(gate.arrived).toBe(1);
    expect(heldRequests(upstream)).toEqual(['/api/v1/probe']);

    expect(await Promise.all([held, probe(upstream, 2)])).toEqual([404, 404]);
    expect(await gate.opened).toEqual({ filled: true, arrived: 2, expected: 2 });
  });

  it('keeps two gates apart: each counts and releases its own requests', async () => {
    const a = upstream.holdResponses(2, { match: (entry) => entry.path === '/a' });
    const b = upstream.holdResponses(2, { match: (entry) => entry.path === '/b' });
    const firstA = probe(upstream, 1, '/a');
    const firstB = probe(upstream, 2, '/b');
    await untilHeld(upstream, 2);

    expect(await Promise.all([firstA, probe(upstream, 3, '/a')])).toEqual([404, 404]);
    expect(await a.opened).toEqual({ filled: true, arrived: 2, expected: 2 });
    expect(heldRequests(upstream)).toEqual(['/b']);

    expect(await Promise.all([firstB, probe(upstream, 4, '/b')])).toEqual([404, 404]);
    expect(await b.opened).toEqual({ filled: true, arrived: 2, expected: 2 });
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => upstream.holdResponses(0)).toThrow(RangeError);
    expect(() => upstream.holdResponses(2.5)).toThrow(RangeError);
  });
});

describe('a gate that does not fill', () => {
  it('opens by itself for a caller that sends one request at a time, and reports that it did not fill', async () => {
    // maxWaitMs only bounds how long this test takes: a sequential caller can never fill the gate.
    const gate = upstream.holdResponses(3, { maxWaitMs: 50 });
    for (const n of [1, 2, 3]) expect(await probe(upstream, n)).toBe(404);
    expect(await gate.opened).toEqual({ filled: false, arrived: 1, expected: 3 });
  });

  it('opens on release(), answering what it held', async () => {
    const gate = upstream.holdResponses(2);
    const held = probe(upstream, 1);
    await untilHeld(upstream, 1);
    gate.release();
    expect(await held).toBe(404);
    expect(await gate.opened).toEqual({ filled: false, arrived: 1, expected: 2 });
  });

  it('opens when the upstream closes, whose connections end the held exchanges', async () => {
    const closing = await startDemoUpstream({ store: upstream.store });
    const gate = closing.holdResponses(2);
    const held = probe(closing, 1);
    await untilHeld(closing, 1);
    await closing.close();
    await expect(held).rejects.toThrow();
    expect(await gate.opened).toEqual({ filled: false, arrived: 1, expected: 2 });
  });
});
