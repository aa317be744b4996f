/**
 * GraphiQL in a real headless browser: Debian's Chromium (installed by .ci/run with apt-get), driven by
 * playwright-core, loads GraphiQL from a running gateway over the demo upstream, runs the example query
 * and reads the result pane. Every request the browser makes must go to the gateway. Subscriptions run
 * over WebSocket: the test moves a demo run (DemoStore.advanceRun) and fires the gateway's poll timer by
 * hand (test/support/manualPollTimer.ts), then waits for the result pane to show the new state.
 *
 * Screenshots go to test/browser/artifacts/; with UPDATE_SCREENSHOT=1 the README's docs/graphiql.png
 * and docs/cost-report.png are rewritten too.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID, VIEWER_TOKEN } from '../../demo/src/credentials';
import type { RunStep } from '../../demo/src/runProgress';
import { EXAMPLE_QUERY } from '../../src/graphiql';
import type { UpstreamCostReport } from '../../src/observability/costReport';
import { startHarness, type Harness } from '../support/harness';
import { createManualPollTimer, type ManualPollTimer } from '../support/manualPollTimer';
import { dataOf, defined, firstOf, type GraphQLBody } from '../support/response';
import { restAll, type SyncAttributes } from '../support/rest';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];
const ARTIFACTS = join(__dirname, 'artifacts');
const README_SCREENSHOT = join(__dirname, '..', '..', 'docs', 'graphiql.png');
const COST_REPORT_SCREENSHOT = join(__dirname, '..', '..', 'docs', 'cost-report.png');
const DEMO_GRAPHIQL_HEADERS = { Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) };
const DEMO_HEADERS_LOWER = { authorization: `Bearer ${DEMO_TOKEN}`, 'workspace-id': String(DEMO_WORKSPACE_ID) };

const chromiumPresent = existsSync(CHROMIUM_PATH);
if (!chromiumPresent && !IN_CI) {
  process.stderr.write(`Skipping the GraphiQL browser test: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).\n`);
}
// In CI a missing browser is a failure (beforeAll throws), never a silent skip.
const describeInBrowser = chromiumPresent || IN_CI ? describe : describe.skip;

/** The text of a CodeMirror 5 editor inside the element `selector` (CodeMirror renders only visible lines). */
function editorValue(page: Page, selector: string): Promise<string> {
  return page.locator(`${selector} .CodeMirror`).evaluate((element) => (element as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
}

/** Replaces the text of the CodeMirror editor inside `selector`; GraphiQL re-parses it as it would typing. */
function setEditorValue(page: Page, selector: string, value: string): Promise<void> {
  return page
    .locator(`${selector} .CodeMirror`)
    .evaluate((element, text) => (element as unknown as { CodeMirror: { setValue(v: string): void } }).CodeMirror.setValue(text), value);
}

/**
 * Puts `query` in the query editor and resolves once GraphiQL parsed it (it does so 100 ms after a
 * change): until then it would run the previous document's operation name.
 */
async function setQuery(page: Page, query: string): Promise<void> {
  await setEditorValue(page, 'section.graphiql-query-editor', query);
  const parsed = (text: string): boolean => {
    type Editor = { CodeMirror: { documentAST: { loc?: { source: { body: string } } } | null } } | null;
    const editor = (globalThis as unknown as { document: { querySelector(s: string): Editor } }).document.querySelector('section.graphiql-query-editor .CodeMirror');
    return editor?.CodeMirror.documentAST?.loc?.source.body === text;
  };
  await page.waitForFunction(parsed, query, { timeout: 10_000 });
}

const RESULT_PANE = 'section[aria-label="Result Window"]';
const HEADERS_EDITOR = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/** Resolves once the result pane holds exactly `expected` as JSON (checked on every animation frame, no fixed wait). */
async function resultShows(page: Page, expected: unknown): Promise<void> {
  const wanted = JSON.stringify(expected);
  const holds = (json: string): boolean => {
    type Pane = { CodeMirror: { getValue(): string } } | null;
    const pane = (globalThis as unknown as { document: { querySelector(s: string): Pane } }).document.querySelector('section[aria-label="Result Window"] .CodeMirror');
    try {
      return pane !== null && JSON.stringify(JSON.parse(pane.CodeMirror.getValue())) === json;
    } catch {
      return false;
    }
  };
  try {
    await page.waitForFunction(holds, wanted, { timeout: 10_000 });
  } catch {
    throw new Error(`The result pane never showed ${wanted}; it shows: ${await editorValue(page, RESULT_PANE)}`);
  }
}

const runSubscription = (runId: number) => `subscription { syncRunUpdated(syncDatabaseId: 2, runDatabaseId: ${runId}) { status successfulRows } }`;

describeInBrowser('GraphiQL in headless Chromium', () => {
  let harness: Harness;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const requestedUrls: string[] = [];
  /** The X-Upstream-Report header of each GraphQL POST, by operation name. */
  const reportAsked: Array<[string | undefined, string | undefined]> = [];
  const problems: string[] = [];
  /** The URL of every WebSocket the page opened. */
  const socketUrls: string[] = [];
  const timer: ManualPollTimer = createManualPollTimer();

  beforeAll(async () => {
    if (!chromiumPresent) throw new Error(`No Chromium at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium with apt-get.`);
    harness = await startHarness({ graphiqlHeaders: DEMO_GRAPHIQL_HEADERS, subscriptionTimer: timer });
    userDataDir = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1280, height: 800 },
    });
    context.on('request', (request) => {
      requestedUrls.push(request.url());
      if (request.method() === 'POST') reportAsked.push([(request.postDataJSON() as { operationName?: string }).operationName, request.headers()['x-upstream-report']]);
    });
    await context.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('websocket', (socket) => socketUrls.push(socket.url()));
    await page.goto(`${harness.url}/graphql`);
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await harness?.close();
  });

  it('opens with the demo Authorization and Workspace-Id in the headers editor', async () => {
    await page.getByRole('button', { name: 'Headers' }).waitFor();
    const headers = await editorValue(page, 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)');
    expect(JSON.parse(headers)).toEqual({ Authorization: `Bearer ${DEMO_TOKEN}`, 'Workspace-Id': String(DEMO_WORKSPACE_ID) });
  });

  it('opens with the syncs -> runs -> records example query', async () => {
    expect(await editorValue(page, 'section.graphiql-query-editor')).toBe(EXAMPLE_QUERY);
  });

  it("runs the example query and shows the upstream's syncs in the result pane", async () => {
    await page.getByRole('button', { name: /^Execute query/ }).click();
    const resultPane = 'section[aria-label="Result Window"]';
    await page.locator(`${resultPane} .CodeMirror-code`).filter({ hasText: '"data"' }).waitFor();
    const shown = JSON.parse(await editorValue(page, resultPane)) as GraphQLBody<{ syncs: { nodes: Array<{ databaseId: number; streamName: string | null }> } }>;

    // Exactly what the gateway answers over plain HTTP for the same query and headers ...
    expect(shown).toEqual((await harness.graphql(EXAMPLE_QUERY)).body);
    // ... which is the upstream's data: its newest syncs, with their stream names.
    const upstreamSyncs = (await restAll<SyncAttributes>(harness.upstream.url, '/api/v1/syncs')).slice(0, 3);
    expect(dataOf({ body: shown }).syncs.nodes.map((s) => [s.databaseId, s.streamName])).toEqual(
      upstreamSyncs.map((s) => [Number(s.id), s.attributes.stream_name ?? null]),
    );
    const firstStreamName = firstOf(dataOf({ body: shown }).syncs.nodes).streamName;
    await page.locator(resultPane).getByText(`"${firstStreamName}"`).first().waitFor();

    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'graphiql.png');
    await page.screenshot({ path: screenshot });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(README_SCREENSHOT, '..'), { recursive: true });
      copyFileSync(screenshot, README_SCREENSHOT);
    }
  });

  it('shows the upstream cost report of the query in its panel: totals, and one bar per upstream request', async () => {
    // The same query over plain HTTP, asking for the report: the panel must show as many requests.
    const { body } = await harness.graphql(EXAMPLE_QUERY, undefined, { ...DEMO_HEADERS_LOWER, 'x-upstream-report': '1' });
    const report = (body as { extensions: { upstream: UpstreamCostReport } }).extensions.upstream;
    expect(report.totals.requests).toBeGreaterThan(3);

    await page.getByRole('button', { name: 'Show Upstream cost' }).click();
    const panel = page.getByRole('region', { name: 'Upstream cost report' });
    await panel.locator('.upstream-bar').first().waitFor();
    expect(await panel.locator('.upstream-bar').count()).toBe(report.totals.requests);
    const totals = panel.getByRole('definition');
    expect(await totals.allTextContents()).toEqual([String(report.totals.requests), String(report.totals.rounds), expect.stringMatching(/kB$/), String(report.totals.deduplicated), String(report.totals.cached), '0']);
    expect(await panel.locator('.upstream-served-mark').count()).toBe(report.served.length);
    // Bars start where their requests started: later rounds further right.
    const lefts = await panel.locator('.upstream-bar').evaluateAll((bars) => bars.map((bar) => (bar as unknown as { style: { left: string } }).style.left));
    expect(lefts.map((left) => parseFloat(left))).toEqual([...lefts.map((left) => parseFloat(left))].sort((a, b) => a - b));
    // GraphiQL asked for the report with its query, never with its introspection query.
    expect(reportAsked).toContainEqual(['SyncsRunsRecords', '1']);
    expect(reportAsked.filter(([name]) => name === 'IntrospectionQuery').map(([, asked]) => asked)).toEqual([undefined]);

    // Widen the panel for the screenshot: drag its edge to the middle of the window.
    const edge = defined(await page.locator('.graphiql-horizontal-drag-bar').first().boundingBox(), 'the panel edge');
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(640, edge.y + edge.height / 2, { steps: 5 });
    await page.mouse.up();
    mkdirSync(ARTIFACTS, { recursive: true });
    const screenshot = join(ARTIFACTS, 'cost-report.png');
    await page.screenshot({ path: screenshot });
    if (process.env.UPDATE_SCREENSHOT === '1') copyFileSync(screenshot, COST_REPORT_SCREENSHOT);
  });

  /** Moves the run one step once the gateway waits to poll it, fires that poll, and waits for the pane to show `expected`. */
  async function advance(runId: number, step: RunStep, expected: unknown): Promise<void> {
    await timer.until(() => timer.pendingCount > 0);
    harness.upstream.store.advanceRun(runId, step);
    await timer.fire();
    await resultShows(page, expected);
  }

  const runState = (status: string, successfulRows: number) => ({ data: { syncRunUpdated: { status, successfulRows } } });
  const runRequests = (runId: number) => harness.upstream.requests.filter((entry) => entry.path === `/api/v1/syncs/2/sync_runs/${runId}`);

  it('runs a subscription over WebSocket: each change of the run replaces the result, and success completes it', async () => {
    const run = harness.upstream.store.insertRun(2);
    const postsBefore = reportAsked.length;
    // The cost panel keeps the last query's report (a subscription has none): close it for the screenshot.
    await page.getByRole('button', { name: 'Hide Upstream cost' }).click();
    await setQuery(page, runSubscription(run.id));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await resultShows(page, runState('PENDING', 0));
    // While it runs, GraphiQL's run button stops it.
    await page.getByRole('button', { name: /^Stop query/ }).waitFor();

    await advance(run.id, { kind: 'start', totalQueryRows: 40 }, runState('IN_PROGRESS', 0));
    await advance(run.id, { kind: 'progress', successfulRows: 10 }, runState('IN_PROGRESS', 10));
    await advance(run.id, { kind: 'finish', status: 'success' }, runState('SUCCESS', 10));
    // The gateway completed the subscription: the button runs again, and no loop polls any more.
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    expect(harness.gateway.subscriptions.loopCount).toBe(0);
    expect(timer.pendingCount).toBe(0);

    // One socket, on the gateway's GraphQL path, and no HTTP POST for the subscription.
    expect(socketUrls).toEqual([`${harness.url.replace(/^http/, 'ws')}/graphql`]);
    expect(reportAsked.length).toBe(postsBefore);
    // The upstream was read with the headers editor's credentials.
    expect(runRequests(run.id).map((entry) => [entry.headers.authorization, entry.headers['workspace-id']])).toEqual(
      Array.from({ length: 4 }, () => [`Bearer ${DEMO_TOKEN}`, String(DEMO_WORKSPACE_ID)]),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-subscription.png') });
  });

  it('subscribes with the headers as edited: a refused token shows why, another token gets a socket of its own', async () => {
    const run = harness.upstream.store.insertRun(2);
    await setQuery(page, runSubscription(run.id));
    await page.getByRole('button', { name: 'Headers' }).click();

    await setEditorValue(page, HEADERS_EDITOR, JSON.stringify({ Authorization: 'Token nope', 'Workspace-Id': '1' }));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await resultShows(page, {
      errors: [{ message: 'The gateway refused the subscription: check Authorization and Workspace-Id in the headers editor (WebSocket closed with 4403 Forbidden).' }],
    });
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    expect(runRequests(run.id)).toEqual([]);

    // Workspace-Id typed as a JSON number counts, as it does over HTTP.
    await setEditorValue(page, HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${VIEWER_TOKEN}`, 'Workspace-Id': DEMO_WORKSPACE_ID }));
    await page.getByRole('button', { name: /^Execute query/ }).click();
    await resultShows(page, runState('PENDING', 0));
    await advance(run.id, { kind: 'finish', status: 'failed' }, runState('FAILED', 0));
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
    expect(runRequests(run.id).map((entry) => [entry.headers.authorization, entry.headers['workspace-id']])).toEqual([
      [`Bearer ${VIEWER_TOKEN}`, String(DEMO_WORKSPACE_ID)],
      [`Bearer ${VIEWER_TOKEN}`, String(DEMO_WORKSPACE_ID)],
    ]);
    // The first test's socket, the refused one, and the viewer's.
    expect(socketUrls).toHaveLength(3);

    await setEditorValue(page, HEADERS_EDITOR, JSON.stringify(DEMO_GRAPHIQL_HEADERS, null, 2));
  });

  it("shows the schema's descriptions in the docs explorer", async () => {
    const { body } = await harness.graphql<{ __type: { fields: Array<{ name: string; description: string }> } }>('{ __type(name: "Query") { fields { name description } } }');
    const syncsDescription: string = defined(dataOf({ body }).__type.fields.find((f) => f.name === 'syncs'), 'the syncs field').description;
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = page.getByRole('region', { name: 'Documentation Explorer' });
    await explorer.getByRole('link', { name: 'Query', exact: true }).click();
    // Markdown: `code` spans become <code>; the text before the first one is plain.
    await explorer.getByText(firstOf(syncsDescription.split('`')).trim()).first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-docs.png') });
  });

  it('opens the settings dialog, with persisting headers (tokens) off', async () => {
    // The dialog's scroll lock injects a <style> element: this is what the CSP's style-src-elem allows.
    await page.getByRole('button', { name: 'Open settings dialog' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Persist headers').waitFor();
    expect(await dialog.getByRole('button', { name: 'Off', exact: true }).getAttribute('class')).toContain('active');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('loads everything from the gateway, with no script error and no CSP violation', () => {
    const gatewayOrigin = new URL(harness.url).origin;
    expect(requestedUrls.length).toBeGreaterThanOrEqual(12); // page, 10 assets, introspection, query
    expect(requestedUrls.filter((url) => new URL(url).origin !== gatewayOrigin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
