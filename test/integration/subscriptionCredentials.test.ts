/**
 * Where a graphql-ws connection's credentials come from: connection_init's payload, or, when it names no
 * Authorization (Apollo Router in passthrough mode sends only `{ token }` there), the headers of the
 * WebSocket upgrade request, which carry what the router's header rules propagate. Also: with
 * ROUTER_SECRET set, no WebSocket connection may reach `_service` or `_entities` (the socket carries
 * subscriptions only). Real sockets, the demo upstream, the poll timer fired by hand.
 */
import type { Client } from 'graphql-ws/client';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { SUBSCRIPTIONS_ONLY_MESSAGE } from '../../src/subscriptions/admission';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer } from '../support/manualPollTimer';
import { subscribe, wsClient, type UpgradeHeaders } from '../support/subscriptionClient';

const RUN_UPDATED = 'subscription ($run: Int) { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: $run) { status } }';
const ROUTER_SECRET = 'ws-router-secret-0123456789';
const VIEWER_TOKEN = 'viewer-token-8e1f4a37';
const demoAuthorization = `Bearer ${DEMO_TOKEN}`;
const upgradeHeaders = { authorization: demoAuthorization, 'workspace-id': String(DEMO_WORKSPACE_ID) };

let harness: Harness;
const clients: Client[] = [];

beforeAll(async () => {
  harness = await startHarness({ subscriptionTimer: createManualPollTimer(), env: { ROUTER_SECRET } });
});
afterAll(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await harness.close();
});
beforeEach(() => harness.upstream.clearLog());

/** A graphql-ws client whose upgrade request carries `headers`, as a router's does. */
function clientWithHeaders(connectionParams: Record<string, string>, headers: UpgradeHeaders, onClosed?: (code: number) => void): Client {
  const client = wsClient(harness.url, connectionParams, onClosed, headers);
  clients.push(client);
  return client;
}

/** The credentials the upstream received for the run, one pair per request. */
const upstreamCallers = (runId: number) =>
  harness.upstream.requests
    .filter((entry) => entry.path === `/api/v1/syncs/2/sync_runs/${runId}`)
    .map((entry) => [entry.headers.authorization, entry.headers['workspace-id']]);

describe('credentials of a WebSocket connection', () => {
  it("takes them from the upgrade request's headers when connection_init carries none", async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe<{ syncRunUpdated: { status: string } }>(clientWithHeaders({}, upgradeHeaders), RUN_UPDATED, { run: run.id });
    expect(await reader.next()).toEqual({ data: { syncRunUpdated: { status: 'PENDING' } } });
    reader.unsubscribe();
    expect(upstreamCallers(run.id)).toEqual([[demoAuthorization, String(DEMO_WORKSPACE_ID)]]);
  });

  it("takes them from the headers when connection_init carries only Apollo Router's { token }", async () => {
    const run = harness.upstream.store.insertRun(2);
    const reader = subscribe(clientWithHeaders({ token: demoAuthorization }, upgradeHeaders), RUN_UPDATED, { run: run.id });
    expect(await reader.next()).toEqual({ data: { syncRunUpdated: { status: 'PENDING' } } });
    reader.unsubscribe();
    expect(upstreamCallers(run.id)).toEqual([[demoAuthorization, String(DEMO_WORKSPACE_ID)]]);
  });

  it('lets a connection_init payload with Authorization win: the headers are then not read at all', async () => {
    const run = harness.upstream.store.insertRun(2);
    const params = { Authorization: `Bearer ${VIEWER_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };
    const reader = subscribe(clientWithHeaders(params, { ...upgradeHeaders, 'workspace-id': 'not a number' }), RUN_UPDATED, { run: run.id });
    expect(await reader.next()).toEqual({ data: { syncRunUpdated: { status: 'PENDING' } } });
    reader.unsubscribe();
    expect(upstreamCallers(run.id)).toEqual([[`Bearer ${VIEWER_TOKEN}`, String(DEMO_WORKSPACE_ID)]]);
  });

  it.each<[string, UpgradeHeaders]>([
    ['no Authorization anywhere', {}],
    ['a malformed Authorization header', { authorization: 'Token nope' }],
    ['two Authorization headers', { authorization: [demoAuthorization, `Bearer ${VIEWER_TOKEN}`] }],
    ['a Workspace-Id header that is not a positive integer', { ...upgradeHeaders, 'workspace-id': 'one' }],
  ])('closes the socket with 4403 for %s, before any upstream request', async (_case, headers) => {
    let closedWith: number | undefined;
    const reader = subscribe(clientWithHeaders({}, headers, (code) => (closedWith = code)), RUN_UPDATED, { run: 1 });
    await expect(reader.completed).rejects.toBeDefined();
    expect(closedWith).toBe(4403);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});

describe('with ROUTER_SECRET set, over WebSocket', () => {
  it.each([
    ['_service', '{ _service { sdl } }', {}],
    ['_entities', 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sync { databaseId } } }', { r: [{ __typename: 'Sync', databaseId: 1 }] }],
  ])('refuses %s, even with the secret in the upgrade headers: the socket carries subscriptions only', async (_field, query, variables) => {
    const params = { Authorization: demoAuthorization, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };
    const client = clientWithHeaders(params, { 'router-secret': ROUTER_SECRET });
    const reader = subscribe(client, query, variables);
    // Refused before execution: graphql-ws sends an `error` message, which its client reports as the error.
    await expect(reader.completed).rejects.toEqual([{ message: SUBSCRIPTIONS_ONLY_MESSAGE, extensions: { code: 'BAD_REQUEST' } }]);
    expect(reader.results).toEqual([]);
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
