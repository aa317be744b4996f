/**
 * Every environment variable the gateway reads is documented in docs/configuration.md, and every row of
 * that table names a variable it reads. The names read are collected from loadConfig itself, through an
 * environment that records each lookup, so a new setting cannot ship undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import type { Env } from '../../src/envReader';

const documented = [...readFileSync(join(__dirname, '..', '..', 'docs', 'configuration.md'), 'utf8').matchAll(/^\| ((?:`[A-Z][A-Z0-9_]*`(?:, )?)+)/gm)].flatMap((match) =>
  [...(match[1] as string).matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((name) => name[1] as string),
);

/** The names loadConfig looks up in `values`. */
function namesRead(values: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const env = new Proxy<Env>(values, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  loadConfig(env);
  return read;
}

describe('docs/configuration.md', () => {
  it('documents every variable the gateway reads, and no other', () => {
    // Tracing on and a metrics port set: the settings read only then are read too.
    const read = new Set([...namesRead({}), ...namesRead({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', METRICS_PORT: '9464' })]);
    // NODE_ENV is read for one default (DEMO_UPSTREAM) and documented in that row.
    read.delete('NODE_ENV');
    expect([...read].filter((name) => !documented.includes(name)).sort()).toEqual([]);
    expect(documented.filter((name) => !read.has(name)).sort()).toEqual([]);
  });
});
