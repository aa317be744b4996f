/**
 * SIGTERM with subscriptions open, on the gateway as production runs it (src/index.ts in a child
 * process, against a demo upstream on 127.0.0.1): during SHUTDOWN_DELAY_MS the subscriptions go on and
 * new WebSockets are refused; then every subscription completes (a `complete` message, not an error),
 * the sockets close with 1001 Going Away, and the process exits 0 without waiting out the grace period.
 */
import type { Client } from 'graphql-ws/client';
import WebSocket from 'ws';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { startDemoUpstream, type DemoUpstream } from '../../demo/src/server';
import { startGatewayProcess, type GatewayProcess } from '../support/gatewayProcess';
import { subscribe, wsClient } from '../support/subscriptionClient';

const RUN_STATUS = `subscription Watch($sync: Int!, $run: Int!) { syncRunUpdated(syncDatabaseId: $sync, runDatabaseId: $run) { status } }`;
const demoParams = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };

let demo: DemoUpstream;
let gateway: GatewayProcess | undefined;
let socket: Client | undefined;
beforeAll(async () => {
  demo = await startDemoUpstream();
});
afterEach(async () => {
  await socket?.dispose();
  await gateway?.kill();
});
afterAll(() => demo.close());

/** The status of a WebSocket handshake to the gateway: 101 when accepted. */
function handshakeStatus(endpoint: string): Promise<number> {
  return new Promise((resolve) => {
    const probe = new WebSocket(`${endpoint.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    probe.on('upgrade', () => resolve(101));
    probe.on('open', () => probe.close());
    probe.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    probe.on('error', () => resolve(0));
  });
}

describe('SIGTERM with subscriptions open', () => {
  it('keeps them through the delay, refuses new sockets, then completes each, closes with 1001 and exits 0', async () => {
    // A long grace period: the exit must come from the subscriptions completing, not from its end.
    gateway = await startGatewayProcess({ AISQUARED_API_URL: demo.url, SHUTDOWN_DELAY_MS: '3000', SHUTDOWN_GRACE_MS: '60000', SUBSCRIPTION_POLL_MS: '100', SUBSCRIPTION_POLL_MAX_MS: '100' });
    const run = demo.store.insertRun(2);
    let closedWith: number | undefined;
    socket = wsClient(gateway.endpoint, demoParams, (code) => (closedWith = code));
    const readers = [1, 2].map(() => subscribe<{ syncRunUpdated: { status: string } }>(socket!, RUN_STATUS, { sync: 2, run: run.id }));
    await Promise.all(readers.map((reader) => reader.next()));

    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    await gateway.logged('shutting down: not ready, serving until load balancers move away');
    expect(await handshakeStatus(gateway.endpoint)).toBe(503);
    // Still served during the delay: the run moves and both subscribers hear it.
    demo.store.advanceRun(run.id, { kind: 'start' });
    for (const reader of readers) expect((await reader.next()).data).toEqual({ syncRunUpdated: { status: 'IN_PROGRESS' } });

    await Promise.all(readers.map((reader) => reader.completed));
    expect(await gateway.exited).toBe(0);
    expect(closedWith).toBe(1001);
    expect(Date.now() - signalled).toBeLessThan(30000);
  });
});
