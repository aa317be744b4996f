import connectorsList from '../../test/fixtures/upstream-samples/connectors-list.json';
import recordsBeyondLast from '../../test/fixtures/upstream-samples/sync-records-beyond-last.json';
import recordsPage1 from '../../test/fixtures/upstream-samples/sync-records-page1.json';
import runsList from '../../test/fixtures/upstream-samples/sync-runs-list.json';
import { buildPageLinks, paginate, resolvePage, resolvePerPage } from '../src/pagination';
import { cgiEscape, encodeQuery, parseQuery } from '../src/query';
import { DemoHttpError } from '../src/errors';

const API = 'https://api.squared.ai/api/v1';

describe('resolvePerPage (Kaminari per)', () => {
  it.each([
    [undefined, 10],
    ['25', 25],
    ['1000000', 1000000],
    ['-5', 10],
    ['abc', 10],
    ['', 10],
    [' 5', 10],
    ['+5', 10],
    ['7abc', 7],
    ['0', 0],
    ['00', 0],
  ])('reads %p as %p', (raw, expected) => {
    expect(resolvePerPage(raw)).toBe(expected);
  });
});

describe('resolvePage (Kaminari page)', () => {
  it.each([
    [undefined, 1],
    ['3', 3],
    ['0', 1],
    ['-2', 1],
    ['abc', 1],
    ['4xyz', 4],
  ])('reads %p as %p', (raw, expected) => {
    expect(resolvePage(raw)).toBe(expected);
  });
});

describe('query encoding (ActiveSupport to_query)', () => {
  it('escapes like CGI.escape and sorts pairs', () => {
    expect(cgiEscape("a b,c*d~e.f-g_h!(')")).toBe('a+b%2Cc%2Ad~e.f-g_h%21%28%27%29');
    expect(encodeQuery({ type: 'source', page: '1', per_page: '10', query_type: 'raw_sql,dbt' })).toBe(
      'page=1&per_page=10&query_type=raw_sql%2Cdbt&type=source',
    );
    expect(encodeQuery({})).toBe('');
  });

  it('parses the last value of a repeated key and keeps __proto__ as data', () => {
    const query = parseQuery('?page=1&page=2&__proto__=x&q=a+b%21');
    expect(query).toEqual({ page: '2', ['__proto__']: 'x', q: 'a b!' });
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
  });
});

describe('buildPageLinks reproduces the upstream samples', () => {
  it('matches sync-runs-list.json (page 1 of 3)', () => {
    expect(buildPageLinks(`${API}/syncs/42/sync_runs`, { page: '1', per_page: '3' }, 1, 3, 3)).toEqual(runsList.links);
  });

  it('matches sync-records-page1.json (page 1 of 5)', () => {
    const base = `${API}/syncs/42/sync_runs/1060/sync_records`;
    expect(buildPageLinks(base, { page: '1', per_page: '3' }, 1, 3, 5)).toEqual(recordsPage1.links);
  });

  it('matches sync-records-beyond-last.json (page 7 of 5: prev 6, next 8)', () => {
    const base = `${API}/syncs/42/sync_runs/1060/sync_records`;
    expect(buildPageLinks(base, { page: '7', per_page: '3' }, 7, 3, 5)).toEqual(recordsBeyondLast.links);
  });

  it('matches connectors-list.json (raw self, filter kept, effective per_page added)', () => {
    expect(buildPageLinks(`${API}/connectors`, { type: 'source' }, 1, 10, 1)).toEqual(connectorsList.links);
  });
});

describe('paginate', () => {
  const items = Array.from({ length: 25 }, (_, index) => index);
  const base = 'http://h/api/v1/x';

  it('serves a bare "?" self link and default links without a query', () => {
    const page = paginate(items, base, {});
    expect(page.items).toEqual(items.slice(0, 10));
    expect(page.links).toEqual({
      self: 'http://h/api/v1/x?',
      first: 'http://h/api/v1/x?page=1&per_page=10',
      prev: null,
      next: 'http://h/api/v1/x?page=2&per_page=10',
      last: 'http://h/api/v1/x?page=3&per_page=10',
    });
  });

  it('has no next link on the last page and a last link of 1 for an empty list', () => {
    expect(paginate(items, base, { page: '3' }).links.next).toBeNull();
    expect(paginate([], base, {}).links).toEqual({
      self: 'http://h/api/v1/x?',
      first: 'http://h/api/v1/x?page=1&per_page=10',
      prev: null,
      next: null,
      last: 'http://h/api/v1/x?page=1&per_page=10',
    });
  });

  it('keeps counting past the last page, but not for lists of at most one page', () => {
    const beyond = paginate(items, base, { page: '9' });
    expect(beyond.items).toEqual([]);
    expect(beyond.links.prev).toBe('http://h/api/v1/x?page=8&per_page=10');
    expect(beyond.links.next).toBe('http://h/api/v1/x?page=10&per_page=10');
    expect(paginate([], base, { page: '4' }).links.next).toBeNull();
    expect(paginate([], base, { page: '4' }).links.prev).toBe('http://h/api/v1/x?page=3&per_page=10');
  });

  it('rejects per_page=0 with the catch-all envelope', () => {
    expect.assertions(2);
    try {
      paginate(items, base, { per_page: '0' });
    } catch (error) {
      expect(error).toBeInstanceOf(DemoHttpError);
      expect((error as DemoHttpError).body).toEqual({
        errors: [
          {
            status: 400,
            title: 'Bad Request',
            detail: 'There was a problem with the request format: divided by 0',
            source: { pointer: '/request/payload' },
          },
        ],
      });
    }
  });
});
