/**
 * The real gateway (createGateway, as production builds it) in front of any upstream URL, with a
 * hand-driven clock for retries and the breaker, and its log lines captured for assertions.
 */
import { Writable } from 'node:stream';
import { loadConfig, withUpstreamUrl } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server';
import { createManualTime, type ManualTime } from './manualTime';
import type { GraphQLResponse } from './harness';

export const TEST_TOKEN = 'scenario-token-5f2c9a';
export const testHeaders = callerHeaders(TEST_TOKEN);

/** The headers of a caller (a tenant) with its own token, in workspace 7 unless told. */
export function callerHeaders(token: string, workspaceId = '7'): Record<string, string> {
  return { authorization: `Bearer ${token}`, 'workspace-id': workspaceId };
}

export interface FaultGateway {
  url: string;
  gateway: Gateway;
  time: ManualTime;
  /** Parsed pino lines the gateway logged (debug level and up). */
  logs: Array<Record<string, unknown>>;
  graphql<D = unknown>(query: string, headers?: Record<string, string>): Promise<GraphQLResponse<D> & { text: string }>;
  get(path: string): Promise<{ status: number; text: string; body: unknown }>;
  close(): Promise<void>;
}

export async function startFaultGateway(upstreamUrl: string, env: Record<string, string> = {}, options: Pick<GatewayOptions, 'observe' | 'traceExporter'> = {}): Promise<FaultGateway> {
  const logs: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const time = createManualTime();
  const config = loadConfig({ PORT: '0', CURSOR_SECRET: 'fault-injection-cursor-secret', ...env });
  const gateway = await createGateway(withUpstreamUrl(config, upstreamUrl), { logger: createLogger({ level: 'debug', destination }), upstreamTime: time, observe: options.observe, traceExporter: options.traceExporter });
  const url = await gateway.listen();
  return {
    url,
    gateway,
    time,
    logs,
    async graphql(query, headers = testHeaders) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: JSON.parse(text), text };
    },
    async get(path) {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
    },
    close: () => gateway.stop(),
  };
}
