import fc from 'fast-check';
import { resolveConnection } from '../../src/pagination/connection';
import { encodeCursor } from '../../src/pagination/cursor';
import { createMemoryList, sequence, type MemoryItem } from '../support/memoryList';
import { itemOf } from '../support/response';

const settings = { maxPageSize: 100, defaultPageSize: 10, realignRadius: 50, cursorSecret: Buffer.from('stability-test-secret-0123456789') };

/** The list after random inserts and removals that keep the (ascending) key order. */
function mutate(items: MemoryItem[], inserts: number[], removals: number[], keep: number): MemoryItem[] {
  let next = items.filter((item, index) => index === keep || !removals.includes(index));
  let id = 10_000;
  for (const at of inserts) {
    const position = at % (next.length + 1);
    const before = next[position - 1]?.key ?? 0;
    const after = next[position]?.key ?? before + 10;
    next = [...next.slice(0, position), { id: id++, key: (before + after) / 2 }, ...next.slice(position)];
  }
  return next;
}

describe('cursors while the list moves', () => {
  it('continues right after the cursor item when items were inserted or removed around it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }).chain((length) =>
          fc.record({
            length: fc.constant(length),
            anchor: fc.integer({ min: 0, max: length - 1 }),
            inserts: fc.array(fc.nat(), { maxLength: 20 }),
            removals: fc.array(fc.integer({ min: 0, max: length - 1 }), { maxLength: 20 }),
            first: fc.integer({ min: 1, max: 15 }),
          }),
        ),
        async ({ length, anchor, inserts, removals, first }) => {
          const original = sequence(length);
          const cursorItem = itemOf(original, anchor);
          const cursor = encodeCursor({ offset: anchor, id: cursorItem.id, key: cursorItem.key }, 'memory', settings.cursorSecret);
          const list = createMemoryList(mutate(original, inserts, removals, anchor));
          const connection = await resolveConnection(list, { first, after: cursor }, settings);
          const position = list.items.findIndex((item) => item.id === cursorItem.id);
          expect(connection.nodes).toEqual(list.items.slice(position + 1, position + 1 + first));
          expect(connection.pageInfo.hasNextPage).toBe(list.items.length > position + 1 + first);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('goes on from where a removed cursor item stood, by its sort key', async () => {
    const original = sequence(40);
    const gone = itemOf(original, 12);
    const cursor = encodeCursor({ offset: 12, id: gone.id, key: gone.key }, 'memory', settings.cursorSecret);
    const list = createMemoryList(original.filter((item) => item.id !== gone.id && item.id !== 3));
    const connection = await resolveConnection(list, { first: 5, after: cursor }, settings);
    expect(connection.nodes.map((n) => n.id)).toEqual([14, 15, 16, 17, 18]);
  });

  it('fails with STALE_CURSOR when the item moved beyond the search radius and its key cannot be placed', async () => {
    const original = sequence(300);
    const item = itemOf(original, 5);
    const cursor = encodeCursor({ offset: 5, id: item.id, key: item.key }, 'memory', settings.cursorSecret);
    // 200 new items sort before everything: the cursor's item is now 200 places further on.
    const inserted = Array.from({ length: 200 }, (_, i) => ({ id: 5000 + i, key: i }));
    const list = createMemoryList([...inserted, ...original.filter((x) => x.id !== item.id)]);
    await expect(resolveConnection(list, { first: 5, after: cursor }, settings)).rejects.toMatchObject({
      extensions: { code: 'STALE_CURSOR' },
    });
  });
});
