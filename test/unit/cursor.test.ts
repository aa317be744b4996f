import { decodeCursor, encodeCursor } from '../../src/pagination/cursor';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const position = { offset: 41, id: 1060, key: 1741939287012 };

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return { code: (error as { extensions?: { code?: string } }).extensions?.code, message: (error as Error).message };
  }
  return 'no error';
}

describe('cursors', () => {
  it('round-trips a position for the same binding', () => {
    const cursor = encodeCursor(position, 'w1|syncs/42/runs|', secret);
    expect(cursor).toMatch(/^c1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'w1|syncs/42/runs|', secret, 'after')).toEqual(position);
  });

  it('rejects a cursor of another connection', () => {
    const cursor = encodeCursor(position, 'w1|syncs/42/runs|', secret);
    expect(codeOf(() => decodeCursor(cursor, 'w1|syncs/42/runs|status=failed', secret, 'after'))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Argument "after" is not a valid cursor for this connection: it belongs to another list, parent, filter or workspace.',
    });
  });

  it('rejects a tampered cursor', () => {
    const cursor = encodeCursor(position, 'b', secret);
    const [v, body, mac] = cursor.split('.');
    const forged = Buffer.from(JSON.stringify(['b', 0, 1, 0])).toString('base64url');
    expect(codeOf(() => decodeCursor(`${v}.${forged}.${mac}`, 'b', secret, 'before'))).toEqual({
      code: 'BAD_USER_INPUT',
      message: 'Argument "before" is not a valid cursor for this connection: its signature does not match.',
    });
    expect(codeOf(() => decodeCursor(`${v}.${body}.${mac}x`, 'b', secret, 'after'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('rejects a cursor signed with another secret', () => {
    const cursor = encodeCursor(position, 'b', Buffer.from('another-secret-another-secret!!'));
    expect(codeOf(() => decodeCursor(cursor, 'b', secret, 'after'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it.each(['', 'abc', 'c1..', 'c2.e30.AAAA', 'x'.repeat(600), 'YXJyYXljb25uZWN0aW9uOjA='])('rejects the malformed cursor %p', (bad) => {
    expect(codeOf(() => decodeCursor(bad, 'b', secret, 'after'))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
