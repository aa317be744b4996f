/**
 * The embedded demo upstream as `npm start` loads it: by path, from its TypeScript source (the compiled
 * build's path is covered by test/deploy/image.test.ts).
 */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from '../../demo/src/credentials';
import * as demoEntry from '../../demo/src/embedded';
import { embeddedDemoPath, startEmbeddedDemo, type EmbeddedDemoModule } from '../../src/embeddedDemo';
import { demoHeaders } from '../support/harness';

// The gateway loads the demo by path, so nothing else holds the two programs to one shape:
// `npm run typecheck` fails here when demo/src/embedded.ts drifts from what src/embeddedDemo.ts expects.
const entry: EmbeddedDemoModule = demoEntry;

it('finds the demo\'s entry next to the gateway\'s TypeScript source', () => {
  expect(require.resolve(embeddedDemoPath())).toBe(require.resolve('../../demo/src/embedded'));
  expect(typeof entry.startEmbeddedDemo).toBe('function');
});

it('starts the demo upstream on a loopback port, with the seeded credentials GraphiQL pre-fills', async () => {
  const demo = await startEmbeddedDemo();
  try {
    expect({ token: demo.token, workspaceId: demo.workspaceId, url: demo.url }).toEqual({
      token: DEMO_TOKEN,
      workspaceId: DEMO_WORKSPACE_ID,
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
    const response = await fetch(`${demo.url}/api/v1/workspaces`, { headers: demoHeaders });
    expect(response.status).toBe(200);
  } finally {
    await demo.close();
  }
});
