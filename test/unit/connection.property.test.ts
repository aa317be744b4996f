import fc from 'fast-check';
import { resolveConnection } from '../../src/pagination/connection';
import { encodeCursor } from '../../src/pagination/cursor';
import { createMemoryList, sequence, type MemoryList } from '../support/memoryList';
import { referenceConnection } from '../support/relayReference';
import { itemOf } from '../support/response';

const settings = { maxPageSize: 100, defaultPageSize: 10, realignRadius: 50, cursorSecret: Buffer.from('property-test-secret-0123456789') };

function cursorAt(list: MemoryList, index: number): string {
  const item = itemOf(list.items, index);
  return encodeCursor({ offset: index, id: item.id, key: item.key }, list.binding, settings.cursorSecret);
}

const argsArbitrary = (length: number) =>
  fc.record({
    first: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
    last: fc.option(fc.integer({ min: 0, max: 25 }), { nil: undefined }),
    after: length > 0 ? fc.option(fc.integer({ min: 0, max: length - 1 }), { nil: undefined }) : fc.constant(undefined),
    before: length > 0 ? fc.option(fc.integer({ min: 0, max: length - 1 }), { nil: undefined }) : fc.constant(undefined),
  });

describe('resolveConnection over an in-memory paged list', () => {
  it('returns exactly what the Relay spec returns over the full list, for every argument combination', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 70 }).chain((length) => fc.tuple(fc.constant(length), argsArbitrary(length), fc.boolean())),
        async ([length, args, desc]) => {
          const list = createMemoryList(sequence(length).map((item) => (desc ? { ...item, key: -item.key } : item)), { order: desc ? 'desc' : 'asc' });
          const connection = await resolveConnection(
            list,
            {
              first: args.first,
              last: args.last,
              after: args.after === undefined ? undefined : cursorAt(list, args.after),
              before: args.before === undefined ? undefined : cursorAt(list, args.before),
            },
            settings,
          );
          const expected = referenceConnection(list.items, args.first === undefined && args.last === undefined ? { ...args, first: 10 } : args);
          expect(connection.nodes.map((n) => n.id)).toEqual(expected.items.map((n) => n.id));
          expect(connection.pageInfo.hasNextPage).toBe(expected.hasNextPage);
          expect(connection.pageInfo.hasPreviousPage).toBe(expected.hasPreviousPage);
          expect(await connection.totalCount()).toBe(expected.totalCount);
          // Cursors point at their own items.
          connection.edges.forEach((edge, i) => expect(edge.cursor).toBe(cursorAt(list, list.items.indexOf(itemOf(expected.items, i)))));
          // Never more than a handful of upstream pages for a window, however the arguments combine.
          expect(list.requests.length).toBeLessThanOrEqual(5);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('still pages correctly when the upstream caps per_page below what was asked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }).chain((length) => fc.tuple(fc.constant(length), argsArbitrary(length))), async ([length, args]) => {
        const list = createMemoryList(sequence(length), { maxPerPage: 7 });
        const connection = await resolveConnection(
          list,
          { ...args, after: args.after === undefined ? undefined : cursorAt(list, args.after), before: args.before === undefined ? undefined : cursorAt(list, args.before) },
          settings,
        );
        const expected = referenceConnection(list.items, args.first === undefined && args.last === undefined ? { ...args, first: 10 } : args);
        expect(connection.nodes.map((n) => n.id)).toEqual(expected.items.map((n) => n.id));
        expect(connection.pageInfo).toMatchObject({ hasNextPage: expected.hasNextPage, hasPreviousPage: expected.hasPreviousPage });
      }),
      { numRuns: 400 },
    );
  });
});
