/**
 * Subscriptions over GraphQL over Server-Sent Events (graphql-sse) on the gateway's own port and path,
 * with graphql-sse's own client, against the demo upstream over real sockets. The test moves the run
 * (DemoStore.advanceRun) and fires the poll timer by hand (test/support/manualPollTimer.ts): nothing sleeps.
 */
import type { Client } from 'graphql-sse';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, OTHER_TOKEN, VIEWER_TOKEN } from '../../demo/src/credentials';
import { SUBSCRIPTIONS_ONLY_MESSAGE } from '../../src/subscriptions/admission';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { postEventStream, readEventsUntil, sseClient, sseSingleConnectionClient } from '../support/sseClient';
import { expectPollingToStopWhenAllLeave, PLAYED_STATES, playRun, RUN_UPDATED, runRequests as runRequestsOf, stateOf, type RunState } from '../support/runPlay';
import { subscribe } from '../support/subscriptionClient';

const demoHeaders = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

let harness: Harness;
let timer: ManualPollTimer;
const clients: Array<Pick<Client, 'dispose'>> = [];

beforeEach(async () => {
  timer = createManualPollTimer();
  harness = await startHarness({ subscriptionTimer: timer });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  await harness.close();
});

function client(headers: Record<string, string> = demoHeaders, url = harness.url): Client {
  const made = sseClient(url, headers);
  clients.push(made);
  return made;
}

const runRequests = (syncId: number, runId: number) => runRequestsOf(harness.upstream, syncId, runId);

describe('Subscription.syncRunUpdated over graphql-sse (distinct connections)', () => {
  it('emits the run at once, then each change of status or counters, and completes at success', async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    await playRun(harness.upstream.store, timer, run.id, [reader]);

    expect(reader.results.map(stateOf)).toEqual(PLAYED_STATES);
    expect(reader.results.every((result) => result.errors === undefined)).toBe(true);
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
  });

  it('serves a subscription sent as a GET with the operation in the query string', async () => {
    const run = harness.upstream.store.insertRun(2);
    harness.upstream.store.advanceRun(run.id, { kind: 'finish', status: 'failed' });
    const search = new URLSearchParams({ query: RUN_UPDATED, variables: JSON.stringify({ sync: 2, run: run.id }) });
    const response = await fetch(`${harness.url}/graphql?${search}`, { headers: { ...demoHeaders, accept: 'text/event-stream' } });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(await response.text()).toBe(
      `:\n\nevent: next\ndata: {"data":{"syncRunUpdated":{"databaseId":${run.id},"status":"FAILED","successfulRows":0,"failedRows":0,"totalRows":0}}}\n\nevent: complete\ndata:\n\n`,
    );
  });

  it('leaves a request that accepts JSON as well as an event stream (urql does) to plain HTTP', async () => {
    const response = await harness.graphql('{ syncs(first: 1) { totalCount } }', {}, { ...demoHeaders, accept: 'application/graphql-response+json, application/json, text/event-stream, multipart/mixed' });
    expect(response.body).toEqual({ data: { syncs: { totalCount: 36 } } });
  });

  it('costs 100 SSE subscribers to one run exactly the upstream requests of one', async () => {
    const alone = harness.upstream.store.insertRun(2);
    await playRun(harness.upstream.store, timer, alone.id, [subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: alone.id })]);
    const costOfOne = runRequests(2, alone.id).length;

    const shared = harness.upstream.store.insertRun(3);
    const readers = Array.from({ length: 100 }, () => subscribe<RunState>(client(), RUN_UPDATED, { sync: 3, run: shared.id }));
    let sharing: number[] = [];
    await playRun(harness.upstream.store, timer, shared.id, readers, () => (sharing = [harness.gateway.subscriptions.loopCount, harness.gateway.subscriptions.subscriberCount]));

    expect(sharing).toEqual([1, 100]);
    expect(costOfOne).toBe(6);
    expect(runRequests(3, shared.id)).toHaveLength(costOfOne);
    for (const reader of readers) expect(reader.results.map(stateOf)).toHaveLength(5);
  });
});

describe('GraphQL over SSE: credentials and tenants', () => {
  it('answers 401 to a stream request without credentials, before any work', async () => {
    const answer = await postEventStream(harness.url, RUN_UPDATED, { sync: 2, run: 1 }, {});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: expect.stringMatching(/^Send an "Authorization: Bearer <token>" header/), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('ends the stream with UNAUTHENTICATED when the API refuses the token, with no token in the answer', async () => {
    const answer = await postEventStream(harness.url, RUN_UPDATED, { sync: 2, run: 1 }, { Authorization: 'Bearer revoked-token-0000', 'Workspace-Id': '1' });
    expect(answer.status).toBe(200);
    expect(answer.events).toEqual([
      { event: 'next', data: { data: null, errors: [expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } })] } },
      { event: 'complete', data: null },
    ]);
    expect(answer.text).not.toContain('revoked-token');
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
    expect(timer.pendingCount).toBe(0);
  });

  it('keeps two callers watching the same run apart: one loop each, each with its own credentials', async () => {
    const run = harness.upstream.store.insertRun(2);
    const admin = subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: run.id });
    const viewer = subscribe<RunState>(client({ ...demoHeaders, Authorization: `Bearer ${VIEWER_TOKEN}` }), RUN_UPDATED, { sync: 2, run: run.id });
    await Promise.all([admin.next(), viewer.next()]);
    expect(harness.gateway.subscriptions.loopCount).toBe(2);
    expect(runRequests(2, run.id).map((entry) => entry.headers.authorization).sort()).toEqual([`Bearer ${DEMO_TOKEN}`, `Bearer ${VIEWER_TOKEN}`]);

    const otherTenant = await postEventStream(harness.url, RUN_UPDATED, { sync: 2, run: run.id }, { Authorization: `Bearer ${OTHER_TOKEN}`, 'Workspace-Id': '3' });
    expect(otherTenant.events).toEqual([
      { event: 'next', data: { data: null, errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] } },
      { event: 'complete', data: null },
    ]);
    expect(otherTenant.text).not.toContain('other-admin');
    expect(harness.gateway.subscriptions.loopCount).toBe(2);
  });
});

describe('GraphQL over SSE: the end of a stream', () => {
  it('stops polling once the last subscriber aborts its request', async () => {
    await expectPollingToStopWhenAllLeave(harness.upstream, timer, () => harness.gateway.subscriptions.loopCount, (runId) =>
      subscribe<RunState>(client(), RUN_UPDATED, { sync: 2, run: runId }),
    );
  });

  it('completes every stream when the gateway stops, without waiting for the shutdown grace period', async () => {
    // A gateway of its own (on the same upstream): stop() runs once. With a grace period longer than the
    // test's timeout, a drain that waited on the open responses would fail the test.
    const stopping = await startHarness({ subscriptionTimer: timer, upstream: harness.upstream, env: { SHUTDOWN_GRACE_MS: '120000' } });
    const run = harness.upstream.store.insertRun(2);
    const single = sseSingleConnectionClient(stopping.url, demoHeaders);
    clients.push(single);
    const readers = [
      ...[1, 2, 3].map(() => subscribe<RunState>(client(demoHeaders, stopping.url), RUN_UPDATED, { sync: 2, run: run.id })),
      ...[1, 2].map(() => subscribe<RunState>(single, RUN_UPDATED, { sync: 2, run: run.id })),
    ];
    await Promise.all(readers.map((reader) => reader.next()));
    // A reserved stream with no operation left open, as a plain SSE reader would keep it (graphql-sse's
    // client closes its own once its last operation completed).
    const url = `${stopping.url}/graphql`;
    const token = await (await fetch(url, { method: 'PUT', headers: demoHeaders })).text();
    const idle = await fetch(url, { headers: { ...demoHeaders, accept: 'text/event-stream', 'x-graphql-event-stream-token': token } });
    expect(idle.status).toBe(200);

    await stopping.gateway.stop();
    // Each subscription completes (the `complete` event, not a broken connection); the idle stream ends.
    await Promise.all(readers.map((reader) => reader.completed));
    expect(await idle.text()).toBe(':\n\n');
    expect(stopping.gateway.subscriptions.loopCount).toBe(0);
    expect(stopping.gateway.eventStreams.reservationCount).toBe(0);
    expect(timer.pendingCount).toBe(0);
  }, 20000);
});

describe('GraphQL over SSE: limits', () => {
  it('refuses a query or a mutation sent as a stream with BAD_REQUEST, running nothing', async () => {
    for (const query of ['{ syncs(first: 1) { nodes { id } } }', 'mutation { triggerSyncRun(input: { syncDatabaseId: 2 }) { clientMutationId } }']) {
      const answer = await postEventStream(harness.url, query, {}, demoHeaders);
      expect(answer.events).toEqual([
        { event: 'next', data: { errors: [{ message: SUBSCRIPTIONS_ONLY_MESSAGE, extensions: { code: 'BAD_REQUEST' } }] } },
        { event: 'complete', data: null },
      ]);
    }
    expect(harness.upstream.requests).toHaveLength(0);
  });

  it('applies the edge limits (body size, nesting), the token and cost limits and the hiding of suggestions to a stream request', async () => {
    const limited = await startHarness({ upstream: harness.upstream, env: { MAX_REQUEST_BYTES: '2048', MAX_QUERY_COST: '20', MAX_QUERY_TOKENS: '200', INTROSPECTION: 'false' } });
    try {
      const huge = await postEventStream(limited.url, `subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: 1) { status } } #${'x'.repeat(4096)}`, {}, demoHeaders);
      expect([huge.status, JSON.parse(huge.text).errors[0].extensions.code]).toEqual([413, 'BAD_REQUEST']);
      const deep = await postEventStream(limited.url, `subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: ${'['.repeat(100)}1${']'.repeat(100)}) { status } }`, {}, demoHeaders);
      expect([deep.status, JSON.parse(deep.text).errors[0].extensions.code]).toEqual([400, 'QUERY_TOO_COMPLEX']);

      const costly = await postEventStream(limited.url, 'subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: 1) { sync { runs(first: 50) { nodes { id } } } } }', {}, demoHeaders);
      const tooManyTokens = await postEventStream(limited.url, `subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: 1) { ${'status '.repeat(200)} } }`, {}, demoHeaders);
      const invalid = await postEventStream(limited.url, 'subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: 1) { statu } }', {}, demoHeaders);
      const codes = [costly, tooManyTokens, invalid].map((answer) => answer.events.map((event) => (event.data as { errors?: Array<{ extensions: { code: string } }> } | null)?.errors?.[0]?.extensions.code ?? event.event));
      expect(codes).toEqual([
        ['QUERY_TOO_COMPLEX', 'complete'],
        ['QUERY_TOO_COMPLEX', 'complete'],
        ['GRAPHQL_VALIDATION_FAILED', 'complete'],
      ]);
      // Introspection off: no "Did you mean" that would reveal the schema.
      expect(invalid.events[0]?.data).toEqual({ errors: [expect.objectContaining({ message: 'Cannot query field "statu" on type "SyncRun".' })] });
      expect(harness.upstream.requests).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });
});

describe('GraphQL over SSE (single connection): a reserved stream belongs to its caller', () => {
  const TOKEN_HEADER = 'x-graphql-event-stream-token';

  it('runs subscriptions on one reserved stream with graphql-sse\'s single-connection client', async () => {
    const single = sseSingleConnectionClient(harness.url, demoHeaders);
    clients.push(single);
    const run = harness.upstream.store.insertRun(2);
    const readers = [1, 2].map(() => subscribe<RunState>(single, RUN_UPDATED, { sync: 2, run: run.id }));
    await playRun(harness.upstream.store, timer, run.id, readers);
    for (const reader of readers) expect(reader.results.map(stateOf)).toEqual([['PENDING', 0, 0, 0], ['IN_PROGRESS', 0, 0, 0], ['IN_PROGRESS', 10, 1, 11], ['IN_PROGRESS', 35, 1, 36], ['SUCCESS', 35, 1, 36]]);
    expect(harness.gateway.eventStreams.reservationCount).toBe(1);
  });

  it('answers another caller holding the token as if there were no such stream, and serves the one who reserved it', async () => {
    const url = `${harness.url}/graphql`;
    const reserved = await fetch(url, { method: 'PUT', headers: demoHeaders });
    expect(reserved.status).toBe(201);
    const token = await reserved.text();
    const run = harness.upstream.store.insertRun(2);
    harness.upstream.store.advanceRun(run.id, { kind: 'finish', status: 'success' });
    const operation = (id: string) => JSON.stringify({ query: RUN_UPDATED, variables: { sync: 2, run: run.id }, extensions: { operationId: id } });

    for (const stranger of [{ ...demoHeaders, Authorization: `Bearer ${VIEWER_TOKEN}` }, { ...demoHeaders, 'Workspace-Id': '2' }]) {
      const attempts = [
        await fetch(url, { headers: { ...stranger, accept: 'text/event-stream', [TOKEN_HEADER]: token } }),
        await fetch(`${url}?token=${token}`, { headers: { ...stranger, accept: 'text/event-stream' } }),
        await fetch(url, { method: 'POST', headers: { ...stranger, 'content-type': 'application/json', [TOKEN_HEADER]: token }, body: operation('stolen') }),
        await fetch(`${url}?operationId=stolen`, { method: 'DELETE', headers: { ...stranger, [TOKEN_HEADER]: token } }),
      ];
      for (const attempt of attempts) {
        expect([attempt.status, await attempt.json()]).toEqual([404, { errors: [{ message: 'No event stream is reserved under this token for these credentials.', extensions: { code: 'NOT_FOUND' } }] }]);
      }
    }
    expect(harness.upstream.requests).toHaveLength(0);

    const added = await fetch(url, { method: 'POST', headers: { ...demoHeaders, 'content-type': 'application/json', [TOKEN_HEADER]: token }, body: operation('mine') });
    expect(added.status).toBe(202);
    const stream = await fetch(url, { headers: { ...demoHeaders, accept: 'text/event-stream', [TOKEN_HEADER]: token } });
    expect(stream.status).toBe(200);
    const events = await readEventsUntil(stream, (event) => event.event === 'complete');
    expect(events).toEqual([
      { event: 'next', data: { id: 'mine', payload: { data: { syncRunUpdated: expect.objectContaining({ databaseId: run.id, status: 'SUCCESS' }) } } } },
      { event: 'complete', data: { id: 'mine' } },
    ]);
  });

  it('forgets a reservation whose stream is not opened in time', async () => {
    const url = `${harness.url}/graphql`;
    const reserved = await fetch(url, { method: 'PUT', headers: demoHeaders });
    const token = await reserved.text();
    expect(harness.gateway.eventStreams.reservationCount).toBe(1);
    expect(timer.waits).toEqual([30000]);

    await timer.fire();
    expect(harness.gateway.eventStreams.reservationCount).toBe(0);
    const late = await fetch(url, { headers: { ...demoHeaders, accept: 'text/event-stream', [TOKEN_HEADER]: token } });
    expect(late.status).toBe(404);
    await late.body?.cancel();
  });
});
