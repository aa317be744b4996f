/**
 * What `npm start` embeds when no AISQUARED_API_URL is set: the demo upstream on a random loopback port,
 * with the credentials GraphiQL pre-fills. The gateway loads this module by path, only when it starts
 * the demo (src/embeddedDemo.ts), so its shape is the whole contract between the two programs.
 */
import { DEMO_TOKEN, DEMO_WORKSPACE_ID } from './credentials';
import { startDemoUpstream } from './server';

export interface EmbeddedDemo {
  /** Origin without a trailing slash. */
  url: string;
  /** The demo user's bearer token and main workspace, for the banner and GraphiQL's headers. */
  token: string;
  workspaceId: number;
  close(): Promise<void>;
}

export async function startEmbeddedDemo(): Promise<EmbeddedDemo> {
  // Bounded log: nobody reads it here, and a long session must not grow without limit.
  const upstream = await startDemoUpstream({ host: '127.0.0.1', port: 0, maxLogEntries: 1000 });
  return { url: upstream.url, token: DEMO_TOKEN, workspaceId: DEMO_WORKSPACE_ID, close: () => upstream.close() };
}
