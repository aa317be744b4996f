/**
 * HTTP requests that fetch refuses to send: any header (Host, Connection, Transfer-Encoding, TE,
 * Upgrade, ...) through node:http, or raw bytes (CR/LF in a header, conflicting lengths) through a
 * plain TCP socket.
 */
import { request, type OutgoingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Sends one request with exactly these headers; `chunks` are written one by one (chunked unless a length is set). */
export function httpRequest(url: string, options: { method?: string; path?: string; headers?: OutgoingHttpHeaders; chunks?: Array<string | Buffer> }): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, method: options.method ?? 'POST', path: options.path ?? '/graphql', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** Writes `bytes` to the gateway's port and returns everything it answers until it closes the connection. */
export function rawExchange(url: string, bytes: string): Promise<string> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: target.hostname, port: Number(target.port) });
    const chunks: Buffer[] = [];
    socket.on('connect', () => socket.write(bytes, 'latin1'));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
  });
}

/** A complete HTTP/1.1 POST of a GraphQL body with the given header lines, asking the server to close afterwards. */
export function rawGraphQLPost(query: string, headerLines: string[]): string {
  const body = JSON.stringify({ query });
  return [
    'POST /graphql HTTP/1.1',
    'Host: gateway.test',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...headerLines,
    '',
    body,
  ].join('\r\n');
}
