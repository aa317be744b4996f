/**
 * GraphiQL in a real headless browser: Debian's Chromium (installed by .ci/run with apt-get), driven by
 * playwright-core, loads GraphiQL from a running gateway over the demo upstream, runs the example query
 * and reads the result pane. Every request the browser makes must go to the gateway.
 *
 * Screenshots go to test/browser/artifacts/; with UPDATE_SCREENSHOT=1 the README's docs/graphiql.png
 * and docs/cost-report.png are rewritten too.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import { EXAMPLE_QUERY } from '../../src/graphiql';
import type { UpstreamCostReport } from '../../src/observability/costReport';
import { startHarness, type Harness } from '../support/harness';
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

describeInBrowser('GraphiQL in headless Chromium', () => {
  let harness: Harness;
  let userDataDir: string;
  let context: BrowserContext;
  let page: Page;
  const requestedUrls: string[] = [];
  /** The X-Upstream-Report header of each GraphQL POST, by operation name. */
  const reportAsked: Array<[string | undefined, string | undefined]> = [];
  const problems: string[] = [];

  beforeAll(async () => {
    if (!chromiumPresent) throw new Error(`No Chromium at ${CHROMIUM_PATH}; .ci/run installs Debian's chromium with apt-get.`);
    harness = await startHarness({ graphiqlHeaders: DEMO_GRAPHIQL_HEADERS });
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
    expect(requestedUrls.length).toBeGreaterThanOrEqual(10); // page, 8 assets, introspection, query
    expect(requestedUrls.filter((url) => new URL(url).origin !== gatewayOrigin)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
