/**
 * Starts the embedded demo upstream (demo/src/embedded.ts) for `npm start` without AISQUARED_API_URL.
 * Its code is loaded here, on demand, so a production process never loads it. The demo is a separate
 * program, compiled on its own by `npm run build` (tsconfig.build.json compiles src/ alone, so that
 * dist/index.js is the entry), hence a path rather than a static import.
 */
import { join } from 'node:path';

/** What demo/src/embedded.ts returns (test/deploy/image.test.ts holds the two to the same shape). */
export interface EmbeddedDemo {
  url: string;
  token: string;
  workspaceId: number;
  close(): Promise<void>;
}

export interface EmbeddedDemoModule {
  startEmbeddedDemo(): Promise<EmbeddedDemo>;
}

/**
 * Run from its TypeScript source (tsx), this module sits in src/ and the demo in demo/src/; compiled, it
 * sits in dist/ and the demo in dist/demo/.
 */
export function embeddedDemoPath(): string {
  return __filename.endsWith('.ts') ? join(__dirname, '..', 'demo', 'src', 'embedded') : join(__dirname, 'demo', 'embedded.js');
}

export async function startEmbeddedDemo(): Promise<EmbeddedDemo> {
  const demo: EmbeddedDemoModule = await import(embeddedDemoPath());
  return demo.startEmbeddedDemo();
}
