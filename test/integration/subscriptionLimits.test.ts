/**
 * What bounds subscriptions over graphql-ws: every subscription passes the checks an HTTP request gets
 * (pre-parse scan, depth, cost) before any upstream request; only subscriptions travel over the socket;
 * the per-connection and per-process limits refuse one subscription, not the socket; a socket idle for
 * SUBSCRIPTION_IDLE_TIMEOUT_MS closes; a draining gateway takes no new socket. Timers are fired by hand.
 */
import type { Client } from 'graphql-ws/client';
import WebSocket from 'ws';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { SUBSCRIPTIONS_ONLY_MESSAGE } from '../../src/subscriptions/admission';
import { demoHeaders, startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { postEventStream, sseClient, sseSingleConnectionClient } from '../support/sseClient';
import { subscribe, wsClient } from '../support/subscriptionClient';

const RUN_STATUS = `subscription Watch($sync: Int!, $run: Int!) { syncRunUpdated(syncDatabaseId: $sync, runDatabaseId: $run) { status } }`;
const demoParams = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

let harness: Harness;
let polls: ManualPollTimer;
let idle: ManualPollTimer;
const clients: Client[] = [];

async function start(env: Record<string, string> = {}): Promise<void> {
  polls = createManualPollTimer();
  idle = createManualPollTimer();
  harness = await startHarness({ env, subscriptionTimer: polls, subscriptionIdleTimer: idle });
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await harness.close();
});

function client(onClosed?: (code: number) => void): Client {
  const made = wsClient(harness.url, demoParams, onClosed);
  clients.push(made);
  return made;
}

/** Resolves once the gateway holds `count` open subscriptions (told by its slots, no polling). */
function openSubscriptions(count: number): Promise<void> {
  const slots = harness.gateway.subscriptionSlots;
  if (slots.count === count) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (now: number) => {
      if (now !== count) return;
      slots.off('change', check);
      resolve();
    };
    slots.on('change', check);
  });
}

/** The codes of the errors a refused subscription's client reports. */
async function refusalCodes(completed: Promise<void>): Promise<unknown[]> {
  const errors = await completed.then(
    () => [],
    (reported: unknown) => (Array.isArray(reported) ? reported : [reported]),
  );
  return errors.map((error: { extensions?: { code?: unknown } }) => error.extensions?.code);
}

describe('subscription limits over graphql-ws', () => {
  it('refuses the subscription over MAX_SUBSCRIPTIONS_PER_CONNECTION, keeps the others, and admits one again when a slot frees', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
    const runs = [1, 2, 3, 4].map(() => harness.upstream.store.insertRun(2));
    const socket = client();
    const [first, second] = runs.slice(0, 2).map((run) => subscribe(socket, RUN_STATUS, { sync: 2, run: run.id }));
    await Promise.all([first!.next(), second!.next()]);
    const before = harness.upstream.requests.length;

    const third = subscribe(socket, RUN_STATUS, { sync: 2, run: runs[2]!.id });
    const errors = await third.completed.then(() => [], (reported: unknown) => reported as Array<{ message: string; extensions: { code: string } }>);
    expect(errors).toEqual([{ message: 'A connection may carry at most 2 subscriptions at once; complete one before starting another.', extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }]);
    expect(harness.upstream.requests).toHaveLength(before);
    expect(harness.gateway.subscriptionSlots.count).toBe(2);

    // The socket and its subscriptions go on: the first still hears its run.
    harness.upstream.store.advanceRun(runs[0]!.id, { kind: 'start' });
    await polls.fire();
    expect((await first!.next()).data).toEqual({ syncRunUpdated: { status: 'IN_PROGRESS' } });

    second!.unsubscribe();
    await openSubscriptions(1);
    const fourth = subscribe(socket, RUN_STATUS, { sync: 2, run: runs[3]!.id });
    expect((await fourth.next()).data).toEqual({ syncRunUpdated: { status: 'PENDING' } });
  });

  it('refuses subscriptions over MAX_SUBSCRIPTIONS_PER_PROCESS, whatever connection they come on', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_PROCESS: '3' });
    const run = harness.upstream.store.insertRun(2);
    const readers = [client(), client(), client()].map((socket) => subscribe(socket, RUN_STATUS, { sync: 2, run: run.id }));
    await Promise.all(readers.map((reader) => reader.next()));

    const late = subscribe(client(), RUN_STATUS, { sync: 2, run: run.id });
    expect(await refusalCodes(late.completed)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    const scrape = await (await fetch(`${harness.url}/metrics`)).text();
    expect(scrape).toMatch(/^aisquared_gateway_refusals_total\{limit="subscriptions"\} 1$/m);
    // Three subscribers of one run share one upstream poll loop.
    expect(scrape).toMatch(/^aisquared_gateway_subscriptions_open 3$/m);
    expect(scrape).toMatch(/^aisquared_gateway_subscription_poll_loops 1$/m);
  });

  it('gives back every slot of a socket that closes', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_PROCESS: '2' });
    const run = harness.upstream.store.insertRun(2);
    const leaving = client();
    await Promise.all([1, 2].map(() => subscribe(leaving, RUN_STATUS, { sync: 2, run: run.id }).next()));
    expect(harness.gateway.subscriptionSlots.count).toBe(2);
    await leaving.dispose();
    await openSubscriptions(0);
    expect((await subscribe(client(), RUN_STATUS, { sync: 2, run: run.id }).next()).data).toEqual({ syncRunUpdated: { status: 'PENDING' } });
  });

  it('applies the depth, nesting and cost limits to a subscription before any upstream request', async () => {
    await start({ MAX_QUERY_DEPTH: '4', MAX_QUERY_COST: '50' });
    const socket = client();
    const refusals = {
      depth: `subscription { syncUpdated(databaseId: 1) { latestRun { sync { latestRun { status } } } } }`,
      cost: `subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: 1) { records(first: 100) { nodes { id } } } }`,
      nesting: `subscription { syncUpdated(databaseId: 1) ${'{ a '.repeat(80)}${'}'.repeat(81)} }`,
    };
    const messages: Record<string, string> = {};
    for (const [limit, query] of Object.entries(refusals)) {
      const errors = await subscribe(socket, query).completed.then(() => [], (reported: unknown) => reported as Array<{ message: string; extensions: { code: string } }>);
      expect(errors.map((error) => error.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
      messages[limit] = errors[0]!.message;
    }
    expect(messages.depth).toBe('The query nests fields 5 levels deep; the gateway allows at most 4.');
    expect(messages.cost).toMatch(/estimated cost is \d+ and the gateway allows at most 50/);
    expect(messages.nesting).toMatch(/^The query document nests braces/);
    expect(harness.upstream.requests).toHaveLength(0);
    expect(harness.gateway.subscriptionSlots.count).toBe(0);
  });

  it('carries subscriptions only: a query sent over the socket is refused with BAD_REQUEST and runs nothing', async () => {
    await start();
    const query = subscribe(client(), '{ syncs(first: 1) { nodes { id } } }');
    const errors = await query.completed.then(() => [], (reported: unknown) => reported as Array<{ message: string; extensions: { code: string } }>);
    expect(errors).toEqual([{ message: SUBSCRIPTIONS_ONLY_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
    expect(await refusalCodes(subscribe(client(), 'subscription { nope }').completed)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await refusalCodes(subscribe(client(), 'subscription {').completed)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('closes a socket that carried no subscription for SUBSCRIPTION_IDLE_TIMEOUT_MS, and never one that carries one', async () => {
    await start({ SUBSCRIPTION_IDLE_TIMEOUT_MS: '30000' });
    const run = harness.upstream.store.insertRun(2);
    let closedWith: number | undefined;
    let closed: () => void = () => undefined;
    const whenClosed = new Promise<void>((resolve) => (closed = resolve));
    const socket = client((code) => {
      closedWith = code;
      closed();
    });
    const reader = subscribe(socket, RUN_STATUS, { sync: 2, run: run.id });
    await reader.next();
    // Armed when the socket was accepted, disarmed by the subscription: firing now closes nothing.
    await idle.fire();
    expect(idle.pendingCount).toBe(0);
    expect(closedWith).toBeUndefined();

    reader.unsubscribe();
    await idle.until(() => idle.pendingCount === 1);
    expect(idle.waits.at(-1)).toBe(30000);
    await idle.fire();
    await whenClosed;
    expect(closedWith).toBe(1000);
  });

  it('refuses a new WebSocket with 503 while draining, and keeps the subscriptions it carries', async () => {
    await start();
    const run = harness.upstream.store.insertRun(2);
    const staying = subscribe(client(), RUN_STATUS, { sync: 2, run: run.id });
    await staying.next();
    harness.gateway.beginDraining();

    const status = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`${harness.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.on('open', () => reject(new Error('a draining gateway accepted a WebSocket')));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(503);
    harness.upstream.store.advanceRun(run.id, { kind: 'start' });
    await polls.fire();
    expect((await staying.next()).data).toEqual({ syncRunUpdated: { status: 'IN_PROGRESS' } });
  });

  it('counts SSE streams against MAX_SUBSCRIPTIONS_PER_PROCESS with the WebSockets, and refuses the one over it in its stream', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_PROCESS: '2' });
    const run = harness.upstream.store.insertRun(2);
    const overSocket = subscribe(client(), RUN_STATUS, { sync: 2, run: run.id });
    const overStream = subscribe(sseClient(harness.url, demoHeaders), RUN_STATUS, { sync: 2, run: run.id });
    await Promise.all([overSocket.next(), overStream.next()]);
    expect(harness.gateway.subscriptionSlots.count).toBe(2);

    const refused = await postEventStream(harness.url, RUN_STATUS, { sync: 2, run: run.id }, demoHeaders);
    expect(refused.events).toEqual([
      { event: 'next', data: { errors: [{ message: 'The gateway carries as many subscriptions as it allows; retry later or on another instance.', extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }] } },
      { event: 'complete', data: null },
    ]);
    overStream.unsubscribe();
    await openSubscriptions(1);
  });

  it('refuses a new SSE stream with 503 while draining', async () => {
    await start();
    harness.gateway.beginDraining();
    const refused = await postEventStream(harness.url, RUN_STATUS, { sync: 2, run: 1 }, demoHeaders);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toEqual({ errors: [{ message: 'The gateway is shutting down; retry the request.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('counts a reserved SSE stream as one connection under MAX_SUBSCRIPTIONS_PER_CONNECTION', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '1' });
    const runs = [1, 2].map(() => harness.upstream.store.insertRun(2));
    const stream = sseSingleConnectionClient(harness.url, demoHeaders);
    try {
      const first = subscribe(stream, RUN_STATUS, { sync: 2, run: runs[0]!.id });
      await first.next();
      const second = subscribe(stream, RUN_STATUS, { sync: 2, run: runs[1]!.id });
      expect((await second.next()).errors?.map((error) => error.extensions?.code)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
      // A stream of its own is another connection.
      expect((await subscribe(sseClient(harness.url, demoHeaders), RUN_STATUS, { sync: 2, run: runs[1]!.id }).next()).data).toEqual({ syncRunUpdated: { status: 'PENDING' } });
    } finally {
      stream.dispose();
    }
  });

  it('holds at most MAX_SUBSCRIPTIONS_PER_PROCESS reserved SSE streams, refusing one more with 429', async () => {
    await start({ MAX_SUBSCRIPTIONS_PER_PROCESS: '2' });
    const reserve = () => fetch(`${harness.url}/graphql`, { method: 'PUT', headers: demoHeaders });
    expect([(await reserve()).status, (await reserve()).status]).toEqual([201, 201]);
    const refused = await reserve();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({
      errors: [{ message: 'The gateway holds as many reserved event streams as it allows; retry later, or send each subscription on a stream of its own.', extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } }],
    });
    expect(harness.gateway.eventStreams.reservationCount).toBe(2);
  });
});
