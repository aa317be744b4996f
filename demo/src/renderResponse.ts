/** A handler's DemoResponse as bytes and headers, with what Rails' default middleware adds. */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DemoResponse } from './context';
import { etagMatches, NO_CACHE_CONTROL, REVALIDATE_CACHE_CONTROL, weakEtag } from './httpCache';

export interface WrittenResponse {
  status: number;
  headers: Record<string, string | number>;
  body: string;
}

/** JSON body plus ETag/304, request id and runtime headers. `startedAt` is performance.now() at arrival. */
export function renderResponse(method: string, ifNoneMatch: string | undefined, response: DemoResponse, startedAt: number): WrittenResponse {
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'x-frame-options': 'SAMEORIGIN',
    'x-request-id': randomUUID(),
    'x-runtime': ((performance.now() - startedAt) / 1000).toFixed(6),
  };
  if (response.body === undefined) {
    // Rails' exception app without a JSON Accept: a status and nothing else.
    delete headers['content-type'];
    return { status: response.status, headers: { ...headers, 'cache-control': NO_CACHE_CONTROL, 'content-length': 0 }, body: '' };
  }
  const json = JSON.stringify(response.body);
  if (response.status !== 200 && response.status !== 201) {
    headers['cache-control'] = NO_CACHE_CONTROL;
    headers['content-length'] = Buffer.byteLength(json);
    return { status: response.status, headers, body: json };
  }
  const etag = weakEtag(json);
  headers.etag = etag;
  headers['cache-control'] = REVALIDATE_CACHE_CONTROL;
  if ((method === 'GET' || method === 'HEAD') && etagMatches(ifNoneMatch, etag)) {
    delete headers['content-type'];
    return { status: 304, headers, body: '' };
  }
  headers['content-length'] = Buffer.byteLength(json);
  return { status: response.status, headers, body: json };
}
