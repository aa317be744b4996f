/**
 * The two Apollo pieces behind "an error never costs the rest of the response": the result serializer
 * (a result JSON.stringify cannot serialize still gets a 200 with the data it can) and the error log
 * (every error with its cause and the request id). Both run inside a real Apollo Server here, with a
 * schema whose `Raw` scalar returns anything it is given, which the gateway's own schema never does.
 */
import { Writable } from 'node:stream';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLScalarType } from 'graphql';
import type { GatewayContext } from '../../src/context';
import { createErrorLogPlugin } from '../../src/errorLog';
import { formatError } from '../../src/errors';
import { createLogger } from '../../src/logger';
import { createResultSerializer, serializableCopy } from '../../src/resultSerializer';

type LogLine = Record<string, unknown>;

const deepArrays = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}0${']'.repeat(depth)}`);

const schema = makeExecutableSchema({
  typeDefs: 'scalar Raw type Query { name: String, deep: Raw, odd: Raw, broken: String }',
  resolvers: {
    Raw: new GraphQLScalarType({ name: 'Raw', serialize: (value) => value }),
    Query: {
      name: () => 'kept',
      deep: () => ({ ok: true, nested: deepArrays(100_000) }),
      odd: () => {
        const cycle: Record<string, unknown> = { label: 'cycle' };
        cycle.self = cycle;
        return { big: 10n, cycle };
      },
      broken: () => {
        throw new TypeError('Cannot read properties of undefined (reading "id")');
      },
    },
  },
});

const running: Array<ApolloServer<GatewayContext>> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.stop()));
});

/** A started Apollo Server with the gateway's serializer, error formatting and error log; its log lines. */
async function startApollo(): Promise<{ run(query: string): Promise<{ status: number | undefined; body: string }>; logs: LogLine[] }> {
  const logs: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const serializer = createResultSerializer(logger);
  const server = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    stringifyResult: serializer.stringifyResult,
    plugins: [createErrorLogPlugin(logger), serializer.plugin],
  });
  await server.start();
  running.push(server);
  return {
    logs,
    async run(query) {
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: { query } },
        context: async () => ({ requestId: 'req-7' }) as GatewayContext,
      });
      if (response.body.kind !== 'complete') throw new Error('Expected a complete response body');
      return { status: response.status, body: response.body.string };
    },
  };
}

describe('the result serializer', () => {
  it('answers 200 with the other fields when a value is 100,000 levels deep, logging the cause with the request id', async () => {
    const apollo = await startApollo();
    const response = await apollo.run('{ name deep }');
    expect(response.status ?? 200).toBe(200);
    const body = JSON.parse(response.body) as { data: { name: string; deep: { ok: boolean; nested: unknown } }; errors: unknown[] };
    expect(body.data.name).toBe('kept');
    expect(body.data.deep.ok).toBe(true);
    expect(body.errors).toEqual([{ message: 'Part of this response could not be serialized and was replaced by null.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    const errors = apollo.logs.filter((line) => line.level === 50);
    expect(errors).toEqual([expect.objectContaining({ requestId: 'req-7', err: expect.objectContaining({ type: 'RangeError' }), msg: expect.stringContaining('could not be serialized') })]);
  });

  it('replaces BigInts and cycles by null and keeps everything else', async () => {
    const apollo = await startApollo();
    const response = await apollo.run('{ name odd }');
    expect(JSON.parse(response.body)).toEqual({
      errors: [{ message: 'Part of this response could not be serialized and was replaced by null.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      data: { name: 'kept', odd: { big: null, cycle: { label: 'cycle', self: null } } },
    });
  });

  it('copies without recursion, in order, cutting only what is too deep', () => {
    expect(serializableCopy({ b: 1, a: [1, undefined, { c: 'x', u: undefined }] }, 10)).toEqual({ copy: { b: 1, a: [1, null, { c: 'x' }] }, replaced: 0 });
    const { copy, replaced } = serializableCopy({ keep: 'me', deep: deepArrays(100_000) }, 3);
    expect(copy).toEqual({ keep: 'me', deep: [[null]] });
    expect(replaced).toBe(1);
    const shared = { v: 1 };
    expect(serializableCopy([shared, shared], 10).copy).toEqual([{ v: 1 }, { v: 1 }]);
  });
});

describe('the error log', () => {
  it('logs an unexpected error at error level with its stack and the request id, masked in the response', async () => {
    const apollo = await startApollo();
    const response = await apollo.run('{ name broken }');
    expect(JSON.parse(response.body)).toEqual({
      errors: [{ message: 'An unexpected error occurred while resolving this field.', locations: [{ line: 1, column: 8 }], path: ['broken'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      data: { name: 'kept', broken: null },
    });
    expect(apollo.logs.filter((line) => line.level === 50)).toEqual([
      expect.objectContaining({
        requestId: 'req-7',
        code: 'INTERNAL_SERVER_ERROR',
        path: 'broken',
        err: expect.objectContaining({ type: 'TypeError', stack: expect.stringContaining('responseSafetyNet.test.ts') }),
      }),
    ]);
  });

  it('logs at most 20 errors of one response, then how many were left out', async () => {
    const apollo = await startApollo();
    await apollo.run(`{ ${Array.from({ length: 25 }, (_, i) => `b${i}: broken`).join(' ')} }`);
    expect(apollo.logs.filter((line) => line.level === 50)).toHaveLength(20);
    expect(apollo.logs.filter((line) => line.level === 40)).toEqual([expect.objectContaining({ requestId: 'req-7', notLogged: 5 })]);
  });

  it('logs a client mistake at debug level', async () => {
    const apollo = await startApollo();
    await apollo.run('{ missing }');
    expect(apollo.logs).toEqual([expect.objectContaining({ level: 20, requestId: 'req-7', code: 'GRAPHQL_VALIDATION_FAILED' })]);
  });
});
