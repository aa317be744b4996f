import { coverRange, coverRanges, pageRange } from '../../src/pagination/plan';
import { firstOf, lastOf } from '../support/response';

describe('coverRange', () => {
  it('covers a window with one page whenever a page size up to three times the window fits it', () => {
    expect(coverRange({ start: 0, end: 11 })).toEqual([{ page: 1, perPage: 11 }]);
    expect(coverRange({ start: 10, end: 20 })).toEqual([{ page: 2, perPage: 10 }]);
    expect(coverRange({ start: 5, end: 15 })).toEqual([{ page: 1, perPage: 15 }]);
  });

  it('always covers the whole range, for every start and length', () => {
    for (let start = 0; start < 300; start += 1) {
      for (let length = 1; length <= 40; length += 1) {
        const pages = coverRange({ start, end: start + length });
        expect(pages.length).toBeGreaterThanOrEqual(1);
        expect(pages.length).toBeLessThanOrEqual(2);
        const first = pageRange(firstOf(pages));
        const last = pageRange(lastOf(pages));
        expect(first.start).toBeLessThanOrEqual(start);
        expect(last.end).toBeGreaterThanOrEqual(start + length);
      }
    }
  });

  it('returns nothing for an empty range', () => {
    expect(coverRange({ start: 4, end: 4 })).toEqual([]);
  });
});

describe('coverRanges', () => {
  it('merges nearby ranges into one request', () => {
    expect(coverRanges([{ start: 9, end: 10 }, { start: 10, end: 21 }])).toHaveLength(1);
  });

  it('keeps distant ranges apart', () => {
    expect(coverRanges([{ start: 0, end: 2 }, { start: 500, end: 502 }])).toHaveLength(2);
  });
});
