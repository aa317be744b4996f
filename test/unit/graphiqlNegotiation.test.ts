/**
 * Which GET /graphql gets GraphiQL's page (a browser's navigation) and which goes to GraphQL, and when an
 * asset may be sent gzipped; plus the escaping of the page's JSON settings.
 */
import { acceptsGzip, prefersHtml } from '../../src/graphiql/negotiation';
import { serializeJsonForScript } from '../../src/graphiql/page';

describe('prefersHtml', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true], // Chromium
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', true], // Firefox
    ['text/html', true],
    ['TEXT/HTML', true],
    ['text/*, application/json;q=0.5', true],
    ['application/json', false],
    ['application/graphql-response+json, application/json;q=0.9', false],
    ['*/*', false], // curl: GraphQL
    ['text/html, application/json', false], // a tie goes to GraphQL
    ['text/html;q=0, */*', false],
    ['text/html;q=0.5, application/json;q=0.4', true],
    ['application/json;q=0.1, text/html;q=0.2', true],
    ['', false],
    ['garbage', false],
  ])('%s -> %s', (accept, expected) => {
    expect(prefersHtml(accept)).toBe(expected);
  });

  it('is false without an Accept header', () => {
    expect(prefersHtml(undefined)).toBe(false);
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['*', true],
    ['identity', false],
    ['gzip;q=0', false],
    ['br, *;q=0', false],
    ['', false],
  ])('%s -> %s', (acceptEncoding, expected) => {
    expect(acceptsGzip(acceptEncoding)).toBe(expected);
  });

  it('is false without an Accept-Encoding header', () => {
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('serializeJsonForScript', () => {
  it('escapes every character that could end the script element or confuse the parser', () => {
    const value = { text: '</script><!-- & \u2028\u2029 >' };
    const json = serializeJsonForScript(value);
    expect(json).toBe('{"text":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u003e"}');
    expect(JSON.parse(json)).toEqual(value);
  });
});
