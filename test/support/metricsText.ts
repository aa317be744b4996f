/**
 * A small reader of Prometheus' text exposition format (prom-client writes it but has no parser), and a
 * scrape of a gateway's /metrics over HTTP. Every sample line must parse: a malformed line fails the
 * test that scraped it.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  status: number;
  contentType: string | null;
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y;

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not an exposition sample line: ${line}`);
    samples.push({ name: match[1]!, labels: parseLabels(match[2] ?? '', line), value: parseValue(match[3]!, line) });
  }
  return samples;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== start) throw new Error(`Malformed labels in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  // prom-client writes `Nan`; Prometheus reads NaN in any case.
  if (text.toLowerCase() === 'nan') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`Malformed value in: ${line}`);
  return value;
}

/** GETs `url` (a /metrics endpoint) and parses it. */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type'), samples: response.status === 200 ? parseExposition(text) : [] };
}

/** The sum of the samples named `name` whose labels include `labels` (0 when none). */
export function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Per label set (as `key=value,…` in label order), how much `name` grew from `before` to `after`; unchanged ones left out. */
export function increments(before: readonly Sample[], after: readonly Sample[], name: string, keys: readonly string[]): Record<string, number> {
  const keyOf = (sample: Sample) => keys.map((key) => `${key}=${sample.labels[key] ?? ''}`).join(',');
  const totals = new Map<string, number>();
  for (const sample of after) if (sample.name === name) totals.set(keyOf(sample), (totals.get(keyOf(sample)) ?? 0) + sample.value);
  for (const sample of before) if (sample.name === name) totals.set(keyOf(sample), (totals.get(keyOf(sample)) ?? 0) - sample.value);
  return Object.fromEntries([...totals].filter(([, grown]) => grown !== 0).sort(([a], [b]) => a.localeCompare(b)));
}
