/**
 * Pinned formats. Cursors and global ids are opaque to clients, but clients keep them: a cursor in a
 * bookmarked page or a resumable export, a node id in a cache, in a URL or in another system (the
 * ownership subgraph stores connectors by their global id). Changing how either is encoded breaks
 * every one already handed out, so these tests compare with literal strings: a format change fails
 * here and must be made on purpose (a new cursor version, a note to clients), never as a side effect
 * of a refactor. Change a literal only together with that decision.
 */
import { decodeGlobalId, encodeGlobalId, type GlobalRefInput } from '../../src/globalId';
import { decodeCursor, encodeCursor } from '../../src/pagination/cursor';

describe('the cursor format (version c1)', () => {
  const secret = Buffer.from('0123456789abcdef0123456789abcdef');
  const binding = 'w1|syncs/42/runs|';
  const position = { offset: 41, id: 1060, key: 1741939287012 };
  // "c1." + base64url of ["w1|syncs/42/runs|",41,1060,1741939287012] + "." + the first 128 bits of its HMAC-SHA256.
  const CURSOR = 'c1.WyJ3MXxzeW5jcy80Mi9ydW5zfCIsNDEsMTA2MCwxNzQxOTM5Mjg3MDEyXQ.CmmCuMhQ5xIbmsGoYInRvQ';

  it('encodes a known position and binding with a known secret to the pinned cursor', () => {
    expect(encodeCursor(position, binding, secret)).toBe(CURSOR);
  });

  it('decodes the pinned cursor back to the same position', () => {
    expect(decodeCursor(CURSOR, binding, secret, 'after')).toEqual(position);
  });
});

describe('the global id format', () => {
  // base64url (unpadded) of "<Type>:<id>[:<id>...]"; runs and records carry their parents' ids.
  const ids: Array<[string, GlobalRefInput]> = [
    ['U3luYzo0Mg', { type: 'Sync', syncId: 42 }],
    ['U3luY1J1bjo0MjoxMDYw', { type: 'SyncRun', syncId: 42, runId: 1060 }],
    ['U3luY1JlY29yZDo0MjoxMDYwOjg4MDEy', { type: 'SyncRecord', syncId: 42, runId: 1060, recordId: 88012 }],
    ['Q29ubmVjdG9yOjc', { type: 'Connector', connectorId: 7 }],
    ['TW9kZWw6OQ', { type: 'Model', modelId: 9 }],
    ['V29ya3NwYWNlOjE', { type: 'Workspace', workspaceId: 1 }],
  ];

  it.each(ids)('encodes to the pinned id %s', (id, ref) => {
    expect(encodeGlobalId(ref)).toBe(id);
  });

  it.each(ids)('decodes the pinned id %s back to the same reference', (id, ref) => {
    expect(decodeGlobalId(id)).toEqual(ref);
  });
});
