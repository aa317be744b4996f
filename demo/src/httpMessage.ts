/** Reading node:http requests: the target split into path and query, headers, the body, the origin. */
import type { IncomingMessage } from 'node:http';

const MAX_BODY_BYTES = 1024 * 1024;

/** Path and query string of a request target (origin-form, or absolute-form from a proxy). */
export function splitTarget(target: string): [string, string] {
  let rest = target;
  if (/^https?:\/\//i.test(rest)) rest = rest.replace(/^https?:\/\/[^/?#]*/i, '') || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const mark = rest.indexOf('?');
  return mark < 0 ? [rest, ''] : [rest.slice(0, mark), rest.slice(mark + 1)];
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headersDistinct).flatMap(([name, values]) => (values ? [[name, values.join(', ')]] : [])),
  );
}

/** `host:port` the request reached, for links when it carried no Host header. */
export function originOf(req: IncomingMessage): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${formatHost(address)}:${req.socket.localPort ?? 80}`;
}

/** A listen address as a URL host: wildcard addresses become loopback, IPv6 gets brackets. */
export function formatHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** The body as text, or null when it exceeds MAX_BODY_BYTES. */
export async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
