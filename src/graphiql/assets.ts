/**
 * Loads the whitelisted GraphiQL files once, fingerprints them (so they can be cached forever) and
 * gzips them ahead of time (GraphiQL's bundle is 3.5 MB, about 0.7 MB gzipped).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { ASSET_SPECS, resolvePackageFile, type AssetSpec } from './assetTable';

const gzip = promisify(gzipCallback);

/** Every asset URL starts with this. */
export const ASSET_PATH_PREFIX = '/graphiql/assets/';

export interface LoadedAsset {
  name: string;
  contentType: string;
  body: Buffer;
  /** The gzipped body, when gzip makes it smaller. */
  gzipped: Buffer | undefined;
}

export interface AssetBundle {
  /** Asset URL path by asset name (e.g. `graphiql.min.js` -> `/graphiql/assets/1a2b.../graphiql.min.js`). */
  urls: ReadonlyMap<string, string>;
  /** Asset by its exact URL path. */
  byPath: ReadonlyMap<string, LoadedAsset>;
}

export async function loadAssets(specs: readonly AssetSpec[] = ASSET_SPECS): Promise<AssetBundle> {
  const loaded = await Promise.all(specs.map(loadAsset));
  const hash = createHash('sha256');
  for (const asset of loaded) hash.update(asset.name).update('\0').update(asset.body).update('\0');
  const fingerprint = hash.digest('hex').slice(0, 16);
  const urls = new Map<string, string>();
  const byPath = new Map<string, LoadedAsset>();
  for (const asset of loaded) {
    const path = `${ASSET_PATH_PREFIX}${fingerprint}/${asset.name}`;
    urls.set(asset.name, path);
    byPath.set(path, asset);
  }
  return { urls, byPath };
}

async function loadAsset(spec: AssetSpec): Promise<LoadedAsset> {
  const body =
    spec.source.kind === 'package'
      ? await readFile(resolvePackageFile(spec.source.packageName, spec.source.file))
      : Buffer.from(spec.source.text, 'utf8');
  const compressed = body.length > 1024 ? await gzip(body, { level: 9 }) : undefined;
  return {
    name: spec.name,
    contentType: spec.contentType,
    body,
    gzipped: compressed && compressed.length < body.length ? compressed : undefined,
  };
}
